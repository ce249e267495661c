"""The 核对报告: building the report from an assessment."""
