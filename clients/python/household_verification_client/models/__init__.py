"""Contains all the data models used in inputs/outputs"""

from .agency_outcome_view import AgencyOutcomeView
from .agency_outcome_view_outcome import AgencyOutcomeViewOutcome
from .allowance_view import AllowanceView
from .allowance_view_method import AllowanceViewMethod
from .appeal_deadline_view import AppealDeadlineView
from .appeal_decision_view import AppealDecisionView
from .appeal_list import AppealList
from .appeal_reason import AppealReason
from .appeal_ref_view import AppealRefView
from .appeal_ref_view_decision import AppealRefViewDecision
from .appeal_view import AppealView
from .appeal_view_status import AppealViewStatus
from .assets_view import AssetsView
from .attempt_view import AttemptView
from .audit_ref_view import AuditRefView
from .audit_ref_view_status import AuditRefViewStatus
from .batch_counts import BatchCounts
from .batch_item_view import BatchItemView
from .batch_item_view_recommendation_type_0 import BatchItemViewRecommendationType0
from .batch_item_view_state import BatchItemViewState
from .batch_items import BatchItems
from .batch_left_out import BatchLeftOut
from .batch_page import BatchPage
from .batch_view import BatchView
from .batch_view_recommendations import BatchViewRecommendations
from .batch_view_selection import BatchViewSelection
from .batch_view_status import BatchViewStatus
from .business_entity_type import BusinessEntityType
from .business_role import BusinessRole
from .business_status import BusinessStatus
from .business_view import BusinessView
from .callback_answer import CallbackAnswer
from .callback_answer_status import CallbackAnswerStatus
from .category import Category
from .cell_view import CellView
from .change import Change
from .citation_view import CitationView
from .client_list import ClientList
from .client_view import ClientView
from .client_with_token import ClientWithToken
from .close_entry import CloseEntry
from .closing_reason import ClosingReason
from .consent_use_record import ConsentUseRecord
from .consent_use_record_status import ConsentUseRecordStatus
from .consistency_view import ConsistencyView
from .create_audit_checkpoint_log import CreateAuditCheckpointLog
from .create_client import CreateClient
from .create_endpoint import CreateEndpoint
from .create_endpoint_event_types_item import CreateEndpointEventTypesItem
from .create_spot_check import CreateSpotCheck
from .create_verification import CreateVerification
from .create_verification_scopes_type_0_item import CreateVerificationScopesType0Item
from .created_endpoint import CreatedEndpoint
from .created_endpoint_disabled_reason_type_0 import CreatedEndpointDisabledReasonType0
from .created_endpoint_status import CreatedEndpointStatus
from .cross_list_comparison import CrossListComparison
from .cross_list_comparison_list import CrossListComparisonList
from .cross_list_comparison_summary import CrossListComparisonSummary
from .cross_list_comparison_summary_trigger import CrossListComparisonSummaryTrigger
from .cross_list_comparison_trigger import CrossListComparisonTrigger
from .cross_list_counts import CrossListCounts
from .cross_list_crossing_entry import CrossListCrossingEntry
from .cross_list_enrolled_entry import CrossListEnrolledEntry
from .cross_list_kind import CrossListKind
from .cross_list_listed_entry import CrossListListedEntry
from .cross_list_page import CrossListPage
from .cross_list_view import CrossListView
from .cross_list_view_status import CrossListViewStatus
from .crossing_kind import CrossingKind
from .deadline_view import DeadlineView
from .deadline_view_counted_from import DeadlineViewCountedFrom
from .death_recheck_view import DeathRecheckView
from .decide_appeal import DecideAppeal
from .decision import Decision
from .decision_deadline_view import DecisionDeadlineView
from .declaration import Declaration
from .declared_income import DeclaredIncome
from .declared_member import DeclaredMember
from .declared_member_disability_kind_type_0 import DeclaredMemberDisabilityKindType0
from .declared_relation import DeclaredRelation
from .deduction_view import DeductionView
from .deduction_view_basis_params import DeductionViewBasisParams
from .deduction_view_kind import DeductionViewKind
from .delivery_list import DeliveryList
from .delivery_view import DeliveryView
from .delivery_view_status import DeliveryViewStatus
from .disputed_items import DisputedItems
from .disputed_items_scopes_item import DisputedItemsScopesItem
from .disputed_view import DisputedView
from .document_view import DocumentView
from .drawn_unit import DrawnUnit
from .drawn_unit_visit_outcome_type_0 import DrawnUnitVisitOutcomeType0
from .due_households import DueHouseholds
from .due_selection import DueSelection
from .effective_policy_view import EffectivePolicyView
from .employment_view import EmploymentView
from .employment_view_status import EmploymentViewStatus
from .end_household import EndHousehold
from .endpoint_list import EndpointList
from .endpoint_view import EndpointView
from .endpoint_view_disabled_reason_type_0 import EndpointViewDisabledReasonType0
from .endpoint_view_status import EndpointViewStatus
from .enroll_household import EnrollHousehold
from .entry_status import EntryStatus
from .entry_view import EntryView
from .entry_view_value_type_4_item import EntryViewValueType4Item
from .environment import Environment
from .event_page import EventPage
from .event_type_list import EventTypeList
from .event_type_view import EventTypeView
from .event_view import EventView
from .event_view_event import EventViewEvent
from .evidence_item import EvidenceItem
from .evidence_item_kind import EvidenceItemKind
from .evidence_ref import EvidenceRef
from .excluded_person import ExcludedPerson
from .export_audit_events_log import ExportAuditEventsLog
from .family_link import FamilyLink
from .figure import Figure
from .file_appeal import FileAppeal
from .file_appeal_requery_scopes_item import FileAppealRequeryScopesItem
from .financial_item_view import FinancialItemView
from .financial_kind import FinancialKind
from .finding_view import FindingView
from .finding_view_params import FindingViewParams
from .finding_view_subject import FindingViewSubject
from .frame_event import FrameEvent
from .frame_unit import FrameUnit
from .get_audit_checkpoint_log import GetAuditCheckpointLog
from .get_audit_log_key_log import GetAuditLogKeyLog
from .get_audit_receipt_log import GetAuditReceiptLog
from .get_consistency_proof_log import GetConsistencyProofLog
from .get_cross_list_comparison_format import GetCrossListComparisonFormat
from .get_inclusion_proof_log import GetInclusionProofLog
from .get_liveness_response_getliveness import GetLivenessResponseGetliveness
from .group_view import GroupView
from .hardship_figure import HardshipFigure
from .hardship_view import HardshipView
from .hardship_view_figures import HardshipViewFigures
from .hardship_view_status import HardshipViewStatus
from .household import Household
from .household_authorization_status import HouseholdAuthorizationStatus
from .household_page import HouseholdPage
from .household_status import HouseholdStatus
from .inclusion_view import InclusionView
from .income_band import IncomeBand
from .income_category import IncomeCategory
from .income_view import IncomeView
from .integrity_entry import IntegrityEntry
from .integrity_entry_page import IntegrityEntryPage
from .integrity_evidence import IntegrityEvidence
from .integrity_explanation import IntegrityExplanation
from .integrity_finding import IntegrityFinding
from .integrity_finding_params import IntegrityFindingParams
from .integrity_notice import IntegrityNotice
from .issuer_list import IssuerList
from .issuer_view import IssuerView
from .key_view import KeyView
from .layer_summary import LayerSummary
from .layer_view import LayerView
from .list_audit_events_log import ListAuditEventsLog
from .list_batch_items_recommendation_type_0 import ListBatchItemsRecommendationType0
from .list_batch_items_state_type_0 import ListBatchItemsStateType0
from .list_batches_status_type_0 import ListBatchesStatusType0
from .list_household_verifications_outcome_type_0 import ListHouseholdVerificationsOutcomeType0
from .list_household_verifications_status_type_0 import ListHouseholdVerificationsStatusType0
from .list_households_status_type_0 import ListHouseholdsStatusType0
from .list_verifications_outcome_type_0 import ListVerificationsOutcomeType0
from .list_verifications_status_type_0 import ListVerificationsStatusType0
from .locale import Locale
from .measure_view import MeasureView
from .member_income_view import MemberIncomeView
from .member_income_view_counted_by_category import MemberIncomeViewCountedByCategory
from .member_income_view_excluded_by_category import MemberIncomeViewExcludedByCategory
from .member_view import MemberView
from .member_view_status import MemberViewStatus
from .message_view import MessageView
from .message_view_params import MessageViewParams
from .notice_channel import NoticeChannel
from .notice_period import NoticePeriod
from .obligor_entry import ObligorEntry
from .obligor_source_view import ObligorSourceView
from .obligor_source_view_status import ObligorSourceViewStatus
from .obligor_view import ObligorView
from .obligor_view_relation import ObligorViewRelation
from .obligor_view_status import ObligorViewStatus
from .obligors_view import ObligorsView
from .obligors_view_support_status import ObligorsViewSupportStatus
from .parameter_view import ParameterView
from .parameter_view_value_type_4_item import ParameterViewValueType4Item
from .period_view import PeriodView
from .policy_list import PolicyList
from .policy_view import PolicyView
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .procedure_view import ProcedureView
from .property_use import PropertyUse
from .property_view import PropertyView
from .propose_entry import ProposeEntry
from .public_jwk import PublicJwk
from .public_notice import PublicNotice
from .published import Published
from .published_field import PublishedField
from .receive_agency_callback_body import ReceiveAgencyCallbackBody
from .record_explanation import RecordExplanation
from .record_notice import RecordNotice
from .record_visit import RecordVisit
from .record_visit_outcome import RecordVisitOutcome
from .refusal_cut_view import RefusalCutView
from .register_key import RegisterKey
from .register_key_jwk import RegisterKeyJwk
from .report_revision_list import ReportRevisionList
from .report_revision_view import ReportRevisionView
from .report_revision_view_status_type_0 import ReportRevisionViewStatusType0
from .revocation_answer import RevocationAnswer
from .revocation_answer_reason import RevocationAnswerReason
from .revocation_view import RevocationView
from .revocation_view_reason import RevocationViewReason
from .revoke import Revoke
from .revoke_client import RevokeClient
from .revoke_key import RevokeKey
from .revoke_reason import RevokeReason
from .rigid_spending import RigidSpending
from .role import Role
from .rotated_secret import RotatedSecret
from .rule_id import RuleId
from .rule_view import RuleView
from .rule_view_figures import RuleViewFigures
from .rule_view_result import RuleViewResult
from .secret_view import SecretView
from .section_view import SectionView
from .signed_report_view import SignedReportView
from .signed_report_view_manifest import SignedReportViewManifest
from .single_person_candidate_view import SinglePersonCandidateView
from .source_coverage_view import SourceCoverageView
from .source_coverage_view_coverage import SourceCoverageViewCoverage
from .source_view import SourceView
from .source_view_reason_params import SourceViewReasonParams
from .source_view_status import SourceViewStatus
from .spot_check_export import SpotCheckExport
from .spot_check_export_checkpoint import SpotCheckExportCheckpoint
from .spot_check_list import SpotCheckList
from .spot_check_view import SpotCheckView
from .spot_check_view_rate_basis import SpotCheckViewRateBasis
from .spot_check_view_status import SpotCheckViewStatus
from .statistics_view import StatisticsView
from .status import Status
from .stratum import Stratum
from .superseded_view import SupersededView
from .suppression_view import SuppressionView
from .tier_view import TierView
from .update_endpoint import UpdateEndpoint
from .update_endpoint_event_types_type_0_item import UpdateEndpointEventTypesType0Item
from .update_household import UpdateHousehold
from .upload_cross_list import UploadCrossList
from .use_view import UseView
from .use_view_purpose import UseViewPurpose
from .used_value import UsedValue
from .used_value_status import UsedValueStatus
from .vehicle_use import VehicleUse
from .vehicle_view import VehicleView
from .verification_page import VerificationPage
from .verification_report import VerificationReport
from .verification_report_household_basis import VerificationReportHouseholdBasis
from .verification_report_outcome import VerificationReportOutcome
from .verification_report_status import VerificationReportStatus
from .verification_summary import VerificationSummary
from .verification_summary_outcome_type_0 import VerificationSummaryOutcomeType0
from .verification_summary_status import VerificationSummaryStatus
from .what_if_change import WhatIfChange
from .what_if_household import WhatIfHousehold
from .what_if_request import WhatIfRequest
from .what_if_result import WhatIfResult
from .what_if_totals import WhatIfTotals
from .work_refusal import WorkRefusal

__all__ = (
    "AgencyOutcomeView",
    "AgencyOutcomeViewOutcome",
    "AllowanceView",
    "AllowanceViewMethod",
    "AppealDeadlineView",
    "AppealDecisionView",
    "AppealList",
    "AppealReason",
    "AppealRefView",
    "AppealRefViewDecision",
    "AppealView",
    "AppealViewStatus",
    "AssetsView",
    "AttemptView",
    "AuditRefView",
    "AuditRefViewStatus",
    "BatchCounts",
    "BatchItems",
    "BatchItemView",
    "BatchItemViewRecommendationType0",
    "BatchItemViewState",
    "BatchLeftOut",
    "BatchPage",
    "BatchView",
    "BatchViewRecommendations",
    "BatchViewSelection",
    "BatchViewStatus",
    "BusinessEntityType",
    "BusinessRole",
    "BusinessStatus",
    "BusinessView",
    "CallbackAnswer",
    "CallbackAnswerStatus",
    "Category",
    "CellView",
    "Change",
    "CitationView",
    "ClientList",
    "ClientView",
    "ClientWithToken",
    "CloseEntry",
    "ClosingReason",
    "ConsentUseRecord",
    "ConsentUseRecordStatus",
    "ConsistencyView",
    "CreateAuditCheckpointLog",
    "CreateClient",
    "CreatedEndpoint",
    "CreatedEndpointDisabledReasonType0",
    "CreatedEndpointStatus",
    "CreateEndpoint",
    "CreateEndpointEventTypesItem",
    "CreateSpotCheck",
    "CreateVerification",
    "CreateVerificationScopesType0Item",
    "CrossingKind",
    "CrossListComparison",
    "CrossListComparisonList",
    "CrossListComparisonSummary",
    "CrossListComparisonSummaryTrigger",
    "CrossListComparisonTrigger",
    "CrossListCounts",
    "CrossListCrossingEntry",
    "CrossListEnrolledEntry",
    "CrossListKind",
    "CrossListListedEntry",
    "CrossListPage",
    "CrossListView",
    "CrossListViewStatus",
    "DeadlineView",
    "DeadlineViewCountedFrom",
    "DeathRecheckView",
    "DecideAppeal",
    "Decision",
    "DecisionDeadlineView",
    "Declaration",
    "DeclaredIncome",
    "DeclaredMember",
    "DeclaredMemberDisabilityKindType0",
    "DeclaredRelation",
    "DeductionView",
    "DeductionViewBasisParams",
    "DeductionViewKind",
    "DeliveryList",
    "DeliveryView",
    "DeliveryViewStatus",
    "DisputedItems",
    "DisputedItemsScopesItem",
    "DisputedView",
    "DocumentView",
    "DrawnUnit",
    "DrawnUnitVisitOutcomeType0",
    "DueHouseholds",
    "DueSelection",
    "EffectivePolicyView",
    "EmploymentView",
    "EmploymentViewStatus",
    "EndHousehold",
    "EndpointList",
    "EndpointView",
    "EndpointViewDisabledReasonType0",
    "EndpointViewStatus",
    "EnrollHousehold",
    "EntryStatus",
    "EntryView",
    "EntryViewValueType4Item",
    "Environment",
    "EventPage",
    "EventTypeList",
    "EventTypeView",
    "EventView",
    "EventViewEvent",
    "EvidenceItem",
    "EvidenceItemKind",
    "EvidenceRef",
    "ExcludedPerson",
    "ExportAuditEventsLog",
    "FamilyLink",
    "Figure",
    "FileAppeal",
    "FileAppealRequeryScopesItem",
    "FinancialItemView",
    "FinancialKind",
    "FindingView",
    "FindingViewParams",
    "FindingViewSubject",
    "FrameEvent",
    "FrameUnit",
    "GetAuditCheckpointLog",
    "GetAuditLogKeyLog",
    "GetAuditReceiptLog",
    "GetConsistencyProofLog",
    "GetCrossListComparisonFormat",
    "GetInclusionProofLog",
    "GetLivenessResponseGetliveness",
    "GroupView",
    "HardshipFigure",
    "HardshipView",
    "HardshipViewFigures",
    "HardshipViewStatus",
    "Household",
    "HouseholdAuthorizationStatus",
    "HouseholdPage",
    "HouseholdStatus",
    "InclusionView",
    "IncomeBand",
    "IncomeCategory",
    "IncomeView",
    "IntegrityEntry",
    "IntegrityEntryPage",
    "IntegrityEvidence",
    "IntegrityExplanation",
    "IntegrityFinding",
    "IntegrityFindingParams",
    "IntegrityNotice",
    "IssuerList",
    "IssuerView",
    "KeyView",
    "LayerSummary",
    "LayerView",
    "ListAuditEventsLog",
    "ListBatchesStatusType0",
    "ListBatchItemsRecommendationType0",
    "ListBatchItemsStateType0",
    "ListHouseholdsStatusType0",
    "ListHouseholdVerificationsOutcomeType0",
    "ListHouseholdVerificationsStatusType0",
    "ListVerificationsOutcomeType0",
    "ListVerificationsStatusType0",
    "Locale",
    "MeasureView",
    "MemberIncomeView",
    "MemberIncomeViewCountedByCategory",
    "MemberIncomeViewExcludedByCategory",
    "MemberView",
    "MemberViewStatus",
    "MessageView",
    "MessageViewParams",
    "NoticeChannel",
    "NoticePeriod",
    "ObligorEntry",
    "ObligorSourceView",
    "ObligorSourceViewStatus",
    "ObligorsView",
    "ObligorsViewSupportStatus",
    "ObligorView",
    "ObligorViewRelation",
    "ObligorViewStatus",
    "ParameterView",
    "ParameterViewValueType4Item",
    "PeriodView",
    "PolicyList",
    "PolicyView",
    "Problem",
    "ProblemErrorsItem",
    "ProcedureView",
    "PropertyUse",
    "PropertyView",
    "ProposeEntry",
    "PublicJwk",
    "PublicNotice",
    "Published",
    "PublishedField",
    "ReceiveAgencyCallbackBody",
    "RecordExplanation",
    "RecordNotice",
    "RecordVisit",
    "RecordVisitOutcome",
    "RefusalCutView",
    "RegisterKey",
    "RegisterKeyJwk",
    "ReportRevisionList",
    "ReportRevisionView",
    "ReportRevisionViewStatusType0",
    "RevocationAnswer",
    "RevocationAnswerReason",
    "RevocationView",
    "RevocationViewReason",
    "Revoke",
    "RevokeClient",
    "RevokeKey",
    "RevokeReason",
    "RigidSpending",
    "Role",
    "RotatedSecret",
    "RuleId",
    "RuleView",
    "RuleViewFigures",
    "RuleViewResult",
    "SecretView",
    "SectionView",
    "SignedReportView",
    "SignedReportViewManifest",
    "SinglePersonCandidateView",
    "SourceCoverageView",
    "SourceCoverageViewCoverage",
    "SourceView",
    "SourceViewReasonParams",
    "SourceViewStatus",
    "SpotCheckExport",
    "SpotCheckExportCheckpoint",
    "SpotCheckList",
    "SpotCheckView",
    "SpotCheckViewRateBasis",
    "SpotCheckViewStatus",
    "StatisticsView",
    "Status",
    "Stratum",
    "SupersededView",
    "SuppressionView",
    "TierView",
    "UpdateEndpoint",
    "UpdateEndpointEventTypesType0Item",
    "UpdateHousehold",
    "UploadCrossList",
    "UsedValue",
    "UsedValueStatus",
    "UseView",
    "UseViewPurpose",
    "VehicleUse",
    "VehicleView",
    "VerificationPage",
    "VerificationReport",
    "VerificationReportHouseholdBasis",
    "VerificationReportOutcome",
    "VerificationReportStatus",
    "VerificationSummary",
    "VerificationSummaryOutcomeType0",
    "VerificationSummaryStatus",
    "WhatIfChange",
    "WhatIfHousehold",
    "WhatIfRequest",
    "WhatIfResult",
    "WhatIfTotals",
    "WorkRefusal",
)
