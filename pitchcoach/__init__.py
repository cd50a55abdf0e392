"""PitchCoach: practise a 20-second networking introduction, privately, on your own machine."""

import os

# onnxruntime (faster-whisper's VAD) otherwise writes ~/.cache/Microsoft/DeveloperTools/.onnxruntime/
# {deviceid,onnxruntime.db} on first import, a queued telemetry record with the OS, CPU, process path and
# network type: outside the data folder, and against "nothing leaves your machine". It reads this variable
# only at import, so it is set here, before any module of ours can import it; forced, not setdefault, since
# no user setting should turn telemetry back on.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

__version__ = "0.1.0"
APP_NAME = "PitchCoach"
