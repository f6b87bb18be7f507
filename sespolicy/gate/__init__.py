"""What decides the exit code besides the verdicts: the config file, waivers, the baseline,
enforcement levels, and the severity threshold."""
