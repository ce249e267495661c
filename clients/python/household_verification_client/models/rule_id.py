from enum import StrEnum


class RuleId(StrEnum):
    FINANCIAL_ASSETS_WITHIN_LIMIT = "financial_assets_within_limit"
    HOUSEHOLD_COMPOSITION = "household_composition"
    HOUSING_WITHIN_LIMIT = "housing_within_limit"
    IDENTITY_CONFIRMED = "identity_confirmed"
    INCOME_BELOW_STANDARD = "income_below_standard"
    NO_NON_EXEMPT_VEHICLE = "no_non_exempt_vehicle"
    NO_OPERATING_COMPANY = "no_operating_company"
    OBLIGOR_SUPPORT_ASSESSED = "obligor_support_assessed"
    SINGLE_PERSON_BASIS = "single_person_basis"
    SOURCES_COMPLETE = "sources_complete"
    WAGES_CONSISTENT = "wages_consistent"

    def __str__(self) -> str:
        return str(self.value)
