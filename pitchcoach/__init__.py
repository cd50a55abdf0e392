"""PitchCoach: practise a 20-second networking introduction, privately, on your own machine."""

__version__ = "0.1.0"
APP_NAME = "PitchCoach"
