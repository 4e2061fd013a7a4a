//! Every ccc and cvm action, called over a real socket against the sandbox with each of its documented example
//! requests: once through the typed generated client and once as raw JSON through the runtime. Each must come
//! back as that example's documented response with a fresh RequestId.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tencentcloud_core::{Action, Client, Language};
use tencentcloud_e2e::{RawJson, is_uuid_shaped, without_request_id};
use tencentcloud_sandbox::{Outcome, Sandbox};
use tencentcloud_spec::Service;

fn request_id(response: &Value) -> &str {
    response["RequestId"].as_str().unwrap_or_default()
}

/// The client with the example's extra headers; the runtime sends `X-TC-Language` and no other extras.
fn client_for(sandbox: &Sandbox, headers: &[(String, String)]) -> Client {
    let mut builder = tencentcloud_e2e::client(sandbox);
    for (name, value) in headers {
        assert!(name.eq_ignore_ascii_case("X-TC-Language"), "the example needs header {name}, which no client sends");
        builder = builder.language(match value.as_str() {
            "zh-CN" => Language::ZhCn,
            "en-US" => Language::EnUs,
            other => panic!("unknown X-TC-Language {other}"),
        });
    }
    builder.build().unwrap()
}

/// Calls `R` with each of its examples, typed and raw; returns the action's name.
async fn check_action<R>(sandbox: &Sandbox, service: &Service) -> &'static str
where
    R: Action + DeserializeOwned,
    R::Output: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let name = R::INFO.name;
    assert_eq!(R::INFO.service.name, service.spec.service);
    let spec = service.action(name).unwrap_or_else(|| panic!("{name} has no spec"));
    // A page whose every example regen could not read keeps them unparsed (see its regen-report.json).
    assert!(!spec.examples.is_empty() || !spec.unparsed_examples.is_empty(), "{name} has no example to call with");
    for (i, example) in spec.examples.iter().enumerate() {
        let label = format!("{}.{name} example {}", service.spec.service, i + 1);
        // Examples the request and headers cannot tell apart all get the first one's response.
        let answering = spec
            .examples
            .iter()
            .find(|e| e.request == example.request && e.headers == example.headers)
            .unwrap_or(example);
        let documented = answering.response["Response"].clone();
        let client = &client_for(sandbox, &example.headers);

        let raw = client
            .execute(&RawJson::<R>::new(example.request.clone()))
            .await
            .unwrap_or_else(|e| panic!("{label} as raw JSON: {e}"));
        assert!(is_uuid_shaped(request_id(&raw)), "{label}: {raw}");
        assert_ne!(request_id(&raw), request_id(&documented));
        assert_eq!(without_request_id(raw), without_request_id(documented.clone()), "{label} as raw JSON");

        let typed_request: R = serde_json::from_value(example.request.clone())
            .unwrap_or_else(|e| panic!("{label}: the example request does not fit the typed request: {e}"));
        let typed = client.execute(&typed_request).await.unwrap_or_else(|e| panic!("{label} typed: {e}"));
        let expected: R::Output = serde_json::from_value(documented)
            .unwrap_or_else(|e| panic!("{label}: the example response does not fit the typed response: {e}"));
        let typed = serde_json::to_value(&typed).unwrap();
        assert!(is_uuid_shaped(request_id(&typed)), "{label}: {typed}");
        assert_eq!(without_request_id(typed), without_request_id(serde_json::to_value(&expected).unwrap()), "{label}");
    }
    name
}

macro_rules! check_all {
    ($sandbox:expr, $service:expr; $($request:ty),* $(,)?) => {{
        let mut checked = Vec::new();
        $( checked.push(check_action::<$request>($sandbox, $service).await); )*
        checked
    }};
}

fn service<'a>(sandbox: &'a Sandbox, name: &str) -> &'a Service {
    sandbox.services().iter().find(|s| s.spec.service == name).unwrap_or_else(|| panic!("no {name} specs"))
}

/// Each listed request type is checked; the list must name every action in the specs, so a new page cannot be
/// left out silently.
fn assert_covers_every_action(service: &Service, checked: &[&str]) {
    let mut documented: Vec<&str> = service.actions.iter().map(|a| a.name.as_str()).collect();
    let mut checked = checked.to_vec();
    documented.sort();
    checked.sort();
    assert_eq!(checked, documented, "add the missing {} actions to the list in this test", service.spec.service);
}

#[tokio::test]
async fn every_ccc_and_cvm_action_answers_its_documented_examples() {
    // The examples are called back to back, faster than some documented limits allow.
    let sandbox = tencentcloud_e2e::sandbox().without_rate_limits().start().await.unwrap();
    use tencentcloud_ccc as ccc;
    let ccc_service = service(&sandbox, "ccc");
    let checked = check_all!(&sandbox, ccc_service;
        ccc::operation::abort_agent_cruise_dialing_campaign::AbortAgentCruiseDialingCampaignRequest,
        ccc::operation::abort_predictive_dialing_campaign::AbortPredictiveDialingCampaignRequest,
        ccc::operation::bind_number_call_in_interface::BindNumberCallInInterfaceRequest,
        ccc::operation::bind_number_call_out_skill_group::BindNumberCallOutSkillGroupRequest,
        ccc::operation::bind_staff_skill_group_list::BindStaffSkillGroupListRequest,
        ccc::operation::control_ai_conversation::ControlAIConversationRequest,
        ccc::operation::create_ai_agent_call::CreateAIAgentCallRequest,
        ccc::operation::create_ai_call::CreateAICallRequest,
        ccc::operation::create_admin_url::CreateAdminURLRequest,
        ccc::operation::create_agent_cruise_dialing_campaign::CreateAgentCruiseDialingCampaignRequest,
        ccc::operation::create_auto_callout_task::CreateAutoCalloutTaskRequest,
        ccc::operation::create_ccc_skill_group::CreateCCCSkillGroupRequest,
        ccc::operation::create_call_out_session::CreateCallOutSessionRequest,
        ccc::operation::create_extension::CreateExtensionRequest,
        ccc::operation::create_ivr_session::CreateIVRSessionRequest,
        ccc::operation::create_own_number_apply::CreateOwnNumberApplyRequest,
        ccc::operation::create_predictive_dialing_campaign::CreatePredictiveDialingCampaignRequest,
        ccc::operation::create_sdk_login_token::CreateSDKLoginTokenRequest,
        ccc::operation::create_staff::CreateStaffRequest,
        ccc::operation::create_user_sig::CreateUserSigRequest,
        ccc::operation::delete_ccc_skill_group::DeleteCCCSkillGroupRequest,
        ccc::operation::delete_extension::DeleteExtensionRequest,
        ccc::operation::delete_predictive_dialing_campaign::DeletePredictiveDialingCampaignRequest,
        ccc::operation::delete_staff::DeleteStaffRequest,
        ccc::operation::describe_ai_agent_info_list::DescribeAIAgentInfoListRequest,
        ccc::operation::describe_ai_analysis_result::DescribeAIAnalysisResultRequest,
        ccc::operation::describe_ai_call_extract_result::DescribeAICallExtractResultRequest,
        ccc::operation::describe_ai_latency::DescribeAILatencyRequest,
        ccc::operation::describe_agent_cruise_dialing_campaign::DescribeAgentCruiseDialingCampaignRequest,
        ccc::operation::describe_auto_callout_task::DescribeAutoCalloutTaskRequest,
        ccc::operation::describe_auto_callout_tasks::DescribeAutoCalloutTasksRequest,
        ccc::operation::describe_ccc_buy_info_list::DescribeCCCBuyInfoListRequest,
        ccc::operation::describe_call_in_metrics::DescribeCallInMetricsRequest,
        ccc::operation::describe_extension::DescribeExtensionRequest,
        ccc::operation::describe_extensions::DescribeExtensionsRequest,
        ccc::operation::describe_ivr_audio_list::DescribeIvrAudioListRequest,
        ccc::operation::describe_numbers::DescribeNumbersRequest,
        ccc::operation::describe_pstn_active_session_list::DescribePSTNActiveSessionListRequest,
        ccc::operation::describe_predictive_dialing_campaign::DescribePredictiveDialingCampaignRequest,
        ccc::operation::describe_predictive_dialing_campaigns::DescribePredictiveDialingCampaignsRequest,
        ccc::operation::describe_predictive_dialing_sessions::DescribePredictiveDialingSessionsRequest,
        ccc::operation::describe_protected_tel_cdr::DescribeProtectedTelCdrRequest,
        ccc::operation::describe_session_detail::DescribeSessionDetailRequest,
        ccc::operation::describe_skill_group_info_list::DescribeSkillGroupInfoListRequest,
        ccc::operation::describe_staff_info_list::DescribeStaffInfoListRequest,
        ccc::operation::describe_staff_status_history::DescribeStaffStatusHistoryRequest,
        ccc::operation::describe_staff_status_metrics::DescribeStaffStatusMetricsRequest,
        ccc::operation::describe_tel_call_info::DescribeTelCallInfoRequest,
        ccc::operation::describe_tel_cdr::DescribeTelCdrRequest,
        ccc::operation::describe_tel_record_asr::DescribeTelRecordAsrRequest,
        ccc::operation::describe_tel_session::DescribeTelSessionRequest,
        ccc::operation::disable_ccc_phone_number::DisableCCCPhoneNumberRequest,
        ccc::operation::force_member_offline::ForceMemberOfflineRequest,
        ccc::operation::hang_up_call::HangUpCallRequest,
        ccc::operation::modify_extension::ModifyExtensionRequest,
        ccc::operation::modify_own_number_apply::ModifyOwnNumberApplyRequest,
        ccc::operation::modify_staff::ModifyStaffRequest,
        ccc::operation::modify_staff_password::ModifyStaffPasswordRequest,
        ccc::operation::pause_auto_callout_task::PauseAutoCalloutTaskRequest,
        ccc::operation::pause_predictive_dialing_campaign::PausePredictiveDialingCampaignRequest,
        ccc::operation::play_sound_call::PlaySoundCallRequest,
        ccc::operation::reset_extension_password::ResetExtensionPasswordRequest,
        ccc::operation::restore_member_online::RestoreMemberOnlineRequest,
        ccc::operation::resume_auto_callout_task::ResumeAutoCalloutTaskRequest,
        ccc::operation::resume_predictive_dialing_campaign::ResumePredictiveDialingCampaignRequest,
        ccc::operation::set_staff_status::SetStaffStatusRequest,
        ccc::operation::stop_auto_callout_task::StopAutoCalloutTaskRequest,
        ccc::operation::transfer_to_manual::TransferToManualRequest,
        ccc::operation::unbind_number_call_out_skill_group::UnbindNumberCallOutSkillGroupRequest,
        ccc::operation::unbind_staff_skill_group_list::UnbindStaffSkillGroupListRequest,
        ccc::operation::update_ccc_skill_group::UpdateCCCSkillGroupRequest,
        ccc::operation::update_predictive_dialing_campaign::UpdatePredictiveDialingCampaignRequest,
        ccc::operation::upload_ivr_audio::UploadIvrAudioRequest,
    );
    assert_covers_every_action(ccc_service, &checked);

    use tencentcloud_cvm as cvm;
    let cvm_service = service(&sandbox, "cvm");
    let checked = check_all!(&sandbox, cvm_service;
        cvm::operation::allocate_hosts::AllocateHostsRequest,
        cvm::operation::associate_instances_key_pairs::AssociateInstancesKeyPairsRequest,
        cvm::operation::associate_security_groups::AssociateSecurityGroupsRequest,
        cvm::operation::configure_chc_assist_vpc::ConfigureChcAssistVpcRequest,
        cvm::operation::configure_chc_deploy_vpc::ConfigureChcDeployVpcRequest,
        cvm::operation::convert_operating_systems::ConvertOperatingSystemsRequest,
        cvm::operation::create_disaster_recover_group::CreateDisasterRecoverGroupRequest,
        cvm::operation::create_image::CreateImageRequest,
        cvm::operation::create_key_pair::CreateKeyPairRequest,
        cvm::operation::create_launch_template::CreateLaunchTemplateRequest,
        cvm::operation::create_launch_template_version::CreateLaunchTemplateVersionRequest,
        cvm::operation::delete_disaster_recover_groups::DeleteDisasterRecoverGroupsRequest,
        cvm::operation::delete_images::DeleteImagesRequest,
        cvm::operation::delete_instances_disaster_recover_groups::DeleteInstancesDisasterRecoverGroupsRequest,
        cvm::operation::delete_key_pairs::DeleteKeyPairsRequest,
        cvm::operation::delete_launch_template::DeleteLaunchTemplateRequest,
        cvm::operation::delete_launch_template_versions::DeleteLaunchTemplateVersionsRequest,
        cvm::operation::describe_chc_denied_actions::DescribeChcDeniedActionsRequest,
        cvm::operation::describe_chc_hosts::DescribeChcHostsRequest,
        cvm::operation::describe_disaster_recover_group_quota::DescribeDisasterRecoverGroupQuotaRequest,
        cvm::operation::describe_disaster_recover_groups::DescribeDisasterRecoverGroupsRequest,
        cvm::operation::describe_hosts::DescribeHostsRequest,
        cvm::operation::describe_image_from_family::DescribeImageFromFamilyRequest,
        cvm::operation::describe_image_quota::DescribeImageQuotaRequest,
        cvm::operation::describe_image_share_permission::DescribeImageSharePermissionRequest,
        cvm::operation::describe_images::DescribeImagesRequest,
        cvm::operation::describe_import_image_os::DescribeImportImageOsRequest,
        cvm::operation::describe_instance_family_configs::DescribeInstanceFamilyConfigsRequest,
        cvm::operation::describe_instances::DescribeInstancesRequest,
        cvm::operation::describe_instances_attributes::DescribeInstancesAttributesRequest,
        cvm::operation::describe_instances_operation_limit::DescribeInstancesOperationLimitRequest,
        cvm::operation::describe_instances_status::DescribeInstancesStatusRequest,
        cvm::operation::describe_internet_charge_type_configs::DescribeInternetChargeTypeConfigsRequest,
        cvm::operation::describe_key_pairs::DescribeKeyPairsRequest,
        cvm::operation::describe_launch_template_versions::DescribeLaunchTemplateVersionsRequest,
        cvm::operation::describe_launch_templates::DescribeLaunchTemplatesRequest,
        cvm::operation::describe_regions::DescribeRegionsRequest,
        cvm::operation::describe_reserved_instances::DescribeReservedInstancesRequest,
        cvm::operation::describe_reserved_instances_config_infos::DescribeReservedInstancesConfigInfosRequest,
        cvm::operation::describe_reserved_instances_offerings::DescribeReservedInstancesOfferingsRequest,
        cvm::operation::describe_zone_instance_config_infos::DescribeZoneInstanceConfigInfosRequest,
        cvm::operation::describe_zones::DescribeZonesRequest,
        cvm::operation::disassociate_instances_key_pairs::DisassociateInstancesKeyPairsRequest,
        cvm::operation::disassociate_security_groups::DisassociateSecurityGroupsRequest,
        cvm::operation::enter_rescue_mode::EnterRescueModeRequest,
        cvm::operation::exit_rescue_mode::ExitRescueModeRequest,
        cvm::operation::export_images::ExportImagesRequest,
        cvm::operation::import_image::ImportImageRequest,
        cvm::operation::import_key_pair::ImportKeyPairRequest,
        cvm::operation::inquire_price_purchase_reserved_instances_offering::InquirePricePurchaseReservedInstancesOfferingRequest,
        cvm::operation::inquiry_price_modify_instances_charge_type::InquiryPriceModifyInstancesChargeTypeRequest,
        cvm::operation::inquiry_price_renew_instances::InquiryPriceRenewInstancesRequest,
        cvm::operation::inquiry_price_reset_instance::InquiryPriceResetInstanceRequest,
        cvm::operation::inquiry_price_reset_instances_internet_max_bandwidth::InquiryPriceResetInstancesInternetMaxBandwidthRequest,
        cvm::operation::inquiry_price_reset_instances_type::InquiryPriceResetInstancesTypeRequest,
        cvm::operation::inquiry_price_resize_instance_disks::InquiryPriceResizeInstanceDisksRequest,
        cvm::operation::inquiry_price_run_instances::InquiryPriceRunInstancesRequest,
        cvm::operation::modify_chc_attribute::ModifyChcAttributeRequest,
        cvm::operation::modify_disaster_recover_group_attribute::ModifyDisasterRecoverGroupAttributeRequest,
        cvm::operation::modify_hosts_attribute::ModifyHostsAttributeRequest,
        cvm::operation::modify_image_attribute::ModifyImageAttributeRequest,
        cvm::operation::modify_image_share_permission::ModifyImageSharePermissionRequest,
        cvm::operation::modify_instances_attribute::ModifyInstancesAttributeRequest,
        cvm::operation::modify_instances_charge_type::ModifyInstancesChargeTypeRequest,
        cvm::operation::modify_instances_disaster_recover_group::ModifyInstancesDisasterRecoverGroupRequest,
        cvm::operation::modify_instances_project::ModifyInstancesProjectRequest,
        cvm::operation::modify_instances_renew_flag::ModifyInstancesRenewFlagRequest,
        cvm::operation::modify_instances_vpc_attribute::ModifyInstancesVpcAttributeRequest,
        cvm::operation::modify_key_pair_attribute::ModifyKeyPairAttributeRequest,
        cvm::operation::modify_launch_template_default_version::ModifyLaunchTemplateDefaultVersionRequest,
        cvm::operation::purchase_reserved_instances_offering::PurchaseReservedInstancesOfferingRequest,
        cvm::operation::reboot_instances::RebootInstancesRequest,
        cvm::operation::remove_chc_assist_vpc::RemoveChcAssistVpcRequest,
        cvm::operation::remove_chc_deploy_vpc::RemoveChcDeployVpcRequest,
        cvm::operation::renew_instances::RenewInstancesRequest,
        cvm::operation::reset_instance::ResetInstanceRequest,
        cvm::operation::reset_instances_internet_max_bandwidth::ResetInstancesInternetMaxBandwidthRequest,
        cvm::operation::reset_instances_password::ResetInstancesPasswordRequest,
        cvm::operation::reset_instances_type::ResetInstancesTypeRequest,
        cvm::operation::resize_instance_disks::ResizeInstanceDisksRequest,
        cvm::operation::run_instances::RunInstancesRequest,
        cvm::operation::start_instances::StartInstancesRequest,
        cvm::operation::stop_instances::StopInstancesRequest,
        cvm::operation::sync_images::SyncImagesRequest,
        cvm::operation::terminate_instances::TerminateInstancesRequest,
    );
    assert_covers_every_action(cvm_service, &checked);

    let stats = sandbox.stats();
    let examples: usize = [ccc_service, cvm_service].iter().flat_map(|s| &s.actions).map(|a| a.examples.len()).sum();
    assert_eq!(stats.total(&Outcome::Ok), 2 * examples as u64, "{stats:#?}");
    assert_eq!(stats.total_requests(), 2 * examples as u64, "no retries, no errors");
}

#[tokio::test]
async fn the_typed_ccc_client_gets_the_documented_task() {
    let sandbox = tencentcloud_e2e::sandbox().start().await.unwrap();
    let client = tencentcloud_ccc::Client::from(tencentcloud_e2e::client(&sandbox).build().unwrap());
    let task = client.describe_auto_callout_task().sdk_app_id(1).task_id(2).send().await.unwrap();
    assert_eq!(task.name, "foobar");
    assert_eq!(task.callers, ["008610086"]);
    assert_eq!(task.callees[0].callee, "foobar");
    assert_eq!(task.callees[0].sessions, ["foobar"]);
    assert!(is_uuid_shaped(&task.request_id), "{}", task.request_id);

    // A service error comes back typed, with the sandbox's RequestId.
    sandbox.on("DescribeAutoCalloutTask", |_| {
        Err(tencentcloud_sandbox::SandboxError::new("InvalidParameterValue", "TaskId 2 does not exist"))
    });
    let error = client.describe_auto_callout_task().sdk_app_id(1).task_id(2).send().await.unwrap_err();
    assert_eq!(error.code(), Some("InvalidParameterValue"));
    assert!(error.request_id().is_some_and(is_uuid_shaped), "{error}");
    assert_eq!(
        tencentcloud_ccc::operation::describe_auto_callout_task::DescribeAutoCalloutTaskErrorCode::from_error(&error),
        Some(tencentcloud_ccc::operation::describe_auto_callout_task::DescribeAutoCalloutTaskErrorCode::InvalidParameterValue)
    );
}
