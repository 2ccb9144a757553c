"""moto server with the gaps that stop `terraform apply` of infra/ patched.

Run it as moto_server is run: `python tools/python/moto_patched.py -H 127.0.0.1 -p 0`.
Each patch names what moto 5.2.5 does and what AWS does instead; each is checked by the
infra emulator test (infra/tests/deployedStage.test.ts), which fails when a patch stops
applying (moto upgraded) so the patch can be dropped or adapted.

0. CloudWatch Logs has no saved queries (PutQueryDefinition, DescribeQueryDefinitions,
   DeleteQueryDefinition answer "not implemented"). AWS keeps them per account and region;
   the patch keeps them in memory, enough for terraform to create, read and delete the
   observability module's queries.
1. SQS GetQueueAttributes never returns RedriveAllowPolicy (moto stores it).
   AWS returns it; the provider waits for it after SetQueueAttributes, so creating
   aws_sqs_queue_redrive_allow_policy hangs for its 20-minute timeout.
2. SQS returns RedrivePolicy as JSON with spaces (`{"deadLetterTargetArn": ...}`).
   AWS returns compact JSON; the provider compares strings, so every plan shows a diff.
3. Lambda ignores LoggingConfig (CreateFunction/UpdateFunctionConfiguration).
   AWS keeps it and returns it from GetFunction(Configuration); without it every plan
   wants to set logging_config again.
4. Policy conditions: moto treats every operator except StringEquals as met, answers
   DENIED for any statement whose conditions are not met (a Deny statement included), and
   is reached over plain HTTP. A TLS-only bucket policy (Deny when Bool aws:SecureTransport
   is "false") therefore denies every request to the bucket. On AWS the SDK speaks TLS, so
   the Deny never applies: the patch evaluates Bool conditions, takes aws:SecureTransport as
   "true" (the emulator stands in for HTTPS endpoints), and lets a statement whose
   conditions are not met not apply (neither allow nor deny), as IAM does.
5. IAM enforcement (`POST /moto-api/reset-auth`) checks DynamoDB, SNS and Logs calls against
   the resource "*" only (and names sns:PublishBatch and dynamodb:TransactWriteItems, where
   AWS checks sns:Publish and the items' actions), so a correct least-privilege role is
   denied. AWS checks them against the table, index and topic ARNs. The patch enforces IAM
   only for S3 and SQS, which moto checks against resource ARNs as AWS does; the roles'
   DynamoDB and SNS grants are covered by the contract of infra/tools instead.
6. Cognito has no DeleteResourceServer ("not implemented"). AWS deletes it; the provider
   retries the failed delete until its timeout, so `terraform destroy` of the auth module
   never finishes. The patch removes the resource server from its user pool.
"""

from __future__ import annotations

import json
import sys
from typing import Any

PATCHED_GAPS = (
    "sqs-redrive-allow-policy-returned",
    "sqs-redrive-policy-compact-json",
    "lambda-logging-config-kept",
    "iam-conditions-bool-secure-transport",
    "iam-enforced-for-s3-and-sqs-only",
    "cognito-delete-resource-server",
)

# Services whose calls moto authorises against resource ARNs as AWS does (patch 5).
IAM_ENFORCED_SERVICES = frozenset({"s3", "sqs"})


def _patch_sqs() -> None:
    from moto.sqs.models import Queue

    original = Queue.attributes.fget
    # A known attribute name (GetQueueAttributes rejects unknown ones), unset by default.
    Queue.BASE_ATTRIBUTES = [*Queue.BASE_ATTRIBUTES, "RedriveAllowPolicy"]
    Queue.redrive_allow_policy = None  # type: ignore[attr-defined]

    def attributes(self: Any) -> dict[str, Any]:
        result = original(self)
        result.pop("RedriveAllowPolicy", None)
        if getattr(self, "redrive_policy", None):
            result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
        allow = getattr(self, "redrive_allow_policy", None)
        if allow:
            result["RedriveAllowPolicy"] = allow if isinstance(allow, str) else json.dumps(allow, separators=(",", ":"))
        return result

    Queue.attributes = property(attributes)  # type: ignore[assignment]


def _patch_lambda() -> None:
    from moto.awslambda.models import LambdaFunction

    original_init = LambdaFunction.__init__
    original_get = LambdaFunction.get_configuration
    original_update = LambdaFunction.update_configuration

    def __init__(self: Any, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        original_init(self, account_id, spec, *args, **kwargs)
        self.logging_config = spec.get("LoggingConfig") or {
            "LogFormat": "Text",
            "LogGroup": f"/aws/lambda/{self.function_name}",
        }

    def get_configuration(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        config = original_get(self, *args, **kwargs)
        config["LoggingConfig"] = getattr(self, "logging_config", None) or {
            "LogFormat": "Text",
            "LogGroup": f"/aws/lambda/{self.function_name}",
        }
        return config

    def update_configuration(self: Any, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "LoggingConfig" in config_updates:
            self.logging_config = {**getattr(self, "logging_config", {}), **config_updates["LoggingConfig"]}
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__  # type: ignore[method-assign]
    LambdaFunction.get_configuration = get_configuration  # type: ignore[method-assign]
    LambdaFunction.update_configuration = update_configuration  # type: ignore[method-assign]


def _bool_equals(expected: list[str] | str, actual: str) -> bool:
    values = expected if isinstance(expected, list) else [expected]
    return str(actual).lower() in [str(value).lower() for value in values]


def _patch_conditions() -> None:
    from moto.iam import access_control, policy_conditions

    policy_conditions.CONDITION_OPERATIONS["Bool"] = _bool_equals
    statement = access_control.IAMPolicyStatement
    original_check = statement._check_conditions
    original_permitted = statement.is_action_permitted

    def is_action_permitted(
        self: Any,
        action: str,
        resource: str = "*",
        principal: str | None = None,
        incoming: dict[str, str] | None = None,
    ) -> Any:
        values = {"aws:SecureTransport": "true", **(incoming or {})}
        # moto answers DENIED whenever a statement's conditions are not met, even for a Deny
        # statement; on AWS such a statement simply does not apply.
        if self._statement.get("Condition") and not original_check(self, values):
            return access_control.PermissionResult.NEUTRAL
        return original_permitted(self, action, resource, principal, values)

    statement.is_action_permitted = is_action_permitted  # type: ignore[method-assign]


def _patch_enforcement() -> None:
    from moto.core.authorization import ActionAuthenticatorMixin

    original = ActionAuthenticatorMixin._authenticate_and_authorize_action

    def _authenticate_and_authorize_action(self: Any, iam_request_cls: type, resource: str = "*") -> None:
        if getattr(self, "service_name", None) not in IAM_ENFORCED_SERVICES:
            return
        original(self, iam_request_cls, resource)

    ActionAuthenticatorMixin._authenticate_and_authorize_action = _authenticate_and_authorize_action  # type: ignore[method-assign]


def _patch_query_definitions() -> None:
    """moto 5.2.5 has no saved Logs Insights queries (PutQueryDefinition and friends); AWS keeps
    them per account and region. Kept in memory here, enough for terraform's create/read/delete."""
    import json
    import time
    import uuid

    from moto.logs.responses import LogsResponse

    store: dict[str, dict] = {}

    def put_query_definition(self):  # type: ignore[no-untyped-def]
        body = json.loads(self.body or "{}")
        definition_id = body.get("queryDefinitionId") or str(uuid.uuid4())
        store[definition_id] = {
            "queryDefinitionId": definition_id,
            "name": body.get("name", ""),
            "queryString": body.get("queryString", ""),
            "logGroupNames": body.get("logGroupNames", []),
            "lastModified": int(time.time() * 1000),
        }
        return json.dumps({"queryDefinitionId": definition_id})

    def describe_query_definitions(self):  # type: ignore[no-untyped-def]
        body = json.loads(self.body or "{}")
        prefix = body.get("queryDefinitionNamePrefix", "")
        found = [d for d in store.values() if d["name"].startswith(prefix)]
        return json.dumps({"queryDefinitions": found})

    def delete_query_definition(self):  # type: ignore[no-untyped-def]
        body = json.loads(self.body or "{}")
        return json.dumps({"success": store.pop(body.get("queryDefinitionId", ""), None) is not None})

    LogsResponse.put_query_definition = put_query_definition  # type: ignore[attr-defined]
    LogsResponse.describe_query_definitions = describe_query_definitions  # type: ignore[attr-defined]
    LogsResponse.delete_query_definition = delete_query_definition  # type: ignore[attr-defined]


def _patch_resource_servers() -> None:
    """moto 5.2.5 creates and describes Cognito resource servers but cannot delete them (patch 6)."""
    from moto.cognitoidp.exceptions import ResourceNotFoundError
    from moto.cognitoidp.responses import CognitoIdpResponse
    from moto.core.responses import EmptyResult

    def delete_resource_server(self):  # type: ignore[no-untyped-def]
        user_pool_id = self._get_param("UserPoolId")
        identifier = self._get_param("Identifier")
        user_pool = self.backend.describe_user_pool(user_pool_id)
        if user_pool.resource_servers.pop(identifier, None) is None:
            raise ResourceNotFoundError(f"Resource server {identifier} does not exist.")
        return EmptyResult()

    CognitoIdpResponse.delete_resource_server = delete_resource_server  # type: ignore[attr-defined]


def apply_patches() -> None:
    """Applies every patch listed in the module docstring to the imported moto."""
    _patch_query_definitions()
    _patch_resource_servers()
    _patch_sqs()
    _patch_lambda()
    _patch_conditions()
    _patch_enforcement()


def main(argv: list[str]) -> int:
    apply_patches()
    from moto.server import main as moto_main

    sys.argv = ["moto_server", *argv]
    return moto_main() or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
