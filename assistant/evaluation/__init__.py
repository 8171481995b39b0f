"""Evaluation: the QA run, metrics, report, baseline, synthetic letters, calibration."""
