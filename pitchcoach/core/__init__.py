"""The analysis core. Plain Python and numpy: nothing here may import Qt or pitchcoach.ui."""
