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
7. Performance patch: it changes no answer, only the time. DynamoDB Query walks and sorts every
   item of the table (`Table.query` iterates `Table.all_items()`), for the base table and for
   an index alike, so a Query costs O(items in the table): ~1.5-2 s at 200,000 items. On AWS
   a Query costs O(items in the partition). The patch hands moto's own Query code the queried
   partition only, so every filter, sort, page, projection and ExclusiveStartKey rule stays
   moto's: for the base table, the items stored under the hash key; for an index (GSI or
   LSI) with one hash attribute, the items of a per-table, per-index map from that
   attribute's value to items, built on the first Query of the index. Table.put_item and
   Table.delete_item (which PutItem, BatchWriteItem, PartiQL, TransactWriteItems, imports and
   UpdateItem of a new key go through) update the current maps under a lock; the backend's
   update_item, which changes a stored item in place, and any put or delete that ends
   otherwise than planned give the table a new write number, and a map is used only while
   its table's number is the one it was built at (else it is rebuilt). A copied table (a
   transaction's rollback state) starts with no maps. Multi-attribute index keys, Queries
   without a hash key condition and any moto other than 5.2.5 keep moto's walk. Checked by
   packages/local-stack/tests/dynamodbQuery.test.ts (answers equal to those computed by the
   test after every kind of write); timed by `pnpm --filter @energy/local-stack bench:query`.
"""

from __future__ import annotations

import inspect
import itertools
import json
import sys
import threading
from typing import Any

PATCHED_GAPS = (
    "sqs-redrive-allow-policy-returned",
    "sqs-redrive-policy-compact-json",
    "lambda-logging-config-kept",
    "iam-conditions-bool-secure-transport",
    "iam-enforced-for-s3-and-sqs-only",
    "cognito-delete-resource-server",
    "dynamodb-query-reads-partition-only",
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


# moto version whose Table.query the partition hint of patch 7 was written against.
QUERY_PATCHED_MOTO_VERSION = "5.2.5"

# Write numbers of patch 7: unique and increasing (next() on a count is atomic in CPython).
_WRITE_NUMBERS = itertools.count(1)

# Marks the bucket of items whose index key value cannot be hashed (offered to every Query).
_UNHASHABLE = object()

# Stands for "which item a put replaces is not known" (then the put invalidates the maps).
_UNKNOWN = object()


# One lock for patch 7's maps: building a map and a put or delete with its map update never
# interleave (moto's server answers each request on its own thread).
_MAPS_LOCK = threading.RLock()


class _IndexMap:
    """One index's partitions: bucket (hash attribute value) -> {id(item): item}, and
    id(item) -> its bucket, so that an item is removed from the bucket it was put in."""

    __slots__ = ("attribute", "buckets", "keys")

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute
        self.buckets: dict[Any, dict[int, Any]] = {}
        self.keys: dict[int, Any] = {}

    def add(self, item: Any) -> None:
        value = item.attrs.get(self.attribute)
        if not value:
            return  # moto's walk skips items without the attribute (a sparse index)
        try:
            bucket = self.buckets.setdefault(value, {})
        except TypeError:
            value = _UNHASHABLE
            bucket = self.buckets.setdefault(value, {})
        bucket[id(item)] = item
        self.keys[id(item)] = value

    def remove(self, item: Any) -> None:
        value = self.keys.pop(id(item), None)
        if value is None:
            return
        bucket = self.buckets[value]
        del bucket[id(item)]
        if not bucket:
            del self.buckets[value]

    def items_of(self, value: Any) -> list[Any]:
        return [*self.buckets.get(value, {}).values(), *self.buckets.get(_UNHASHABLE, {}).values()]


class _PartitionMaps:
    """Patch 7's per-table state: the table's current write number, and per (index, hash
    attribute) the map built at some write number: (number, the items dict it read, map)."""

    __slots__ = ("maps", "write_number")

    def __init__(self) -> None:
        self.write_number = 0
        self.maps: dict[tuple[str, str], tuple[int, Any, _IndexMap]] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> _PartitionMaps:
        # moto deep-copies a table to roll a transaction back; the copy builds its own maps.
        return _PartitionMaps()

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return (_PartitionMaps, ())

    def current(self, table: Any) -> list[_IndexMap]:
        """The maps that hold the table as it is (built at its current write number)."""
        return [
            index_map
            for number, items, index_map in self.maps.values()
            if number == self.write_number and items is table.items
        ]


def _partition_maps(table: Any) -> _PartitionMaps:
    state = table.__dict__.get("_energy_partition_maps")
    if state is None:
        # setdefault is atomic: two threads racing here share one state.
        state = table.__dict__.setdefault("_energy_partition_maps", _PartitionMaps())
    return state


def _record_write(table: Any) -> None:
    """Gives the table a new write number, so that no map built before this write is used."""
    _partition_maps(table).write_number = next(_WRITE_NUMBERS)


def _stored_items(partition: Any) -> list[Any]:
    # A table with a range key stores hash -> {range -> Item}, one without hash -> Item.
    return list(partition.values()) if isinstance(partition, dict) else [partition]


def _stored_at(table: Any, item_attrs: dict[str, Any], dynamo_type: type) -> Any:
    """The item that a put of `item_attrs` replaces (None: none), or _UNKNOWN."""
    try:
        partition = table.items.get(dynamo_type(item_attrs[table.hash_key_attr]))
        if table.range_key_attr is None:
            return partition
        if partition is None:
            return None
        return partition.get(dynamo_type(item_attrs[table.range_key_attr]))
    except Exception:  # noqa: BLE001 - moto's put rejects these attributes itself
        return _UNKNOWN


def _all_items_order(item: Any) -> Any:
    # The sort key of moto's Table.all_items, so that candidates keep the order moto walks in.
    return (item.hash_key, item.range_key) if item.range_key else item.hash_key


def _index_items(table: Any, index_name: str, attribute: str, value: Any, item_type: type) -> list[Any]:
    """The table's items whose `attribute` is `value`, from the index's map (built if not current)."""
    with _MAPS_LOCK:
        state = _partition_maps(table)
        cached = state.maps.get((index_name, attribute))
        if cached is not None and cached[0] == state.write_number and cached[1] is table.items:
            return cached[2].items_of(value)
        index_map = _IndexMap(attribute)
        for partition in list(table.items.values()):
            for item in _stored_items(partition):
                if isinstance(item, item_type):
                    index_map.add(item)
        state.maps[(index_name, attribute)] = (state.write_number, table.items, index_map)
        return index_map.items_of(value)


def _query_candidates(table: Any, arguments: dict[str, Any], item_type: type) -> list[Any] | None:
    """The items moto's Query may keep, in moto's walk order; None when moto must walk them all."""
    index_name = arguments.get("index_name")
    if not index_name:
        hash_key = arguments.get("hash_key")
        if hash_key is None:
            return None
        try:
            partition = table.items.get(hash_key)
        except TypeError:
            return None
        return [] if partition is None else sorted(_stored_items(partition), key=_all_items_order)
    index = next((i for i in table.all_indexes() if i.name == index_name), None)
    if index is None:
        return None  # moto answers the invalid index
    hash_attributes = [key["AttributeName"] for key in index.schema if key["KeyType"] == "HASH"]
    conditions = arguments.get("hash_key_conditions") or []
    if len(hash_attributes) != 1 or len(conditions) != 1 or conditions[0][0] != hash_attributes[0]:
        return None
    try:
        found = _index_items(table, index_name, hash_attributes[0], conditions[0][1], item_type)
    except TypeError:
        return None  # an unhashable key value: moto answers it
    return sorted(found, key=_all_items_order)


def _patch_dynamodb_query() -> None:
    """Patch 7: Query reads the queried partition only (a performance patch, same answers)."""
    import moto
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.dynamo_type import DynamoType, Item
    from moto.dynamodb.models.table import Table

    if moto.__version__ != QUERY_PATCHED_MOTO_VERSION:
        print(
            f"moto_patched: moto {moto.__version__} is not {QUERY_PATCHED_MOTO_VERSION}; "
            "DynamoDB Query keeps walking the whole table (patch 7 not applied)",
            file=sys.stderr,
        )
        return

    original_query = Table.query
    original_all_items = Table.all_items
    original_put = Table.put_item
    original_delete = Table.delete_item
    original_update = DynamoDBBackend.update_item
    query_signature = inspect.signature(original_query)
    # Per thread (moto's server answers each request on its own thread): the table whose Query
    # is running on this thread and the candidates its single all_items() call receives.
    hint = threading.local()

    def query(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            arguments = query_signature.bind(self, *args, **kwargs).arguments
        except TypeError:
            return original_query(self, *args, **kwargs)
        candidates = _query_candidates(self, arguments, Item)
        if candidates is None:
            return original_query(self, *args, **kwargs)
        hint.candidates = (self, candidates)
        try:
            return original_query(self, *args, **kwargs)
        finally:
            hint.candidates = None

    def all_items(self: Any) -> list[Any]:
        pending = getattr(hint, "candidates", None)
        if pending is not None and pending[0] is self:
            # Consumed once: any later all_items() of this Query sees the whole table again.
            hint.candidates = None
            return pending[1]
        return original_all_items(self)

    def put_item(self: Any, item_attrs: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        with _MAPS_LOCK:
            replaced = _stored_at(self, item_attrs, DynamoType)
            try:
                stored = original_put(self, item_attrs, *args, **kwargs)
            except BaseException:
                # moto refuses a put (validation, condition) before storing anything; if the
                # table changed all the same, no map is trusted any more.
                if replaced is _UNKNOWN or _stored_at(self, item_attrs, DynamoType) is not replaced:
                    _record_write(self)
                raise
            if replaced is _UNKNOWN or not isinstance(stored, Item):
                _record_write(self)
                return stored
            for index_map in _partition_maps(self).current(self):
                if replaced is not None:
                    index_map.remove(replaced)
                index_map.add(stored)
            return stored

    def delete_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        with _MAPS_LOCK:
            try:
                removed = original_delete(self, *args, **kwargs)
            except BaseException:
                _record_write(self)
                raise
            if removed is None:
                return removed  # nothing was stored under that key
            if not isinstance(removed, Item):
                _record_write(self)  # a whole partition (a delete without its range key)
                return removed
            for index_map in _partition_maps(self).current(self):
                index_map.remove(removed)
            return removed

    def update_item(self: Any, table_name: str, *args: Any, **kwargs: Any) -> Any:
        # Changes the stored item's attributes in place (an index key among them).
        try:
            return original_update(self, table_name, *args, **kwargs)
        finally:
            table = self.tables.get(table_name)
            if table is None:
                try:
                    table = self.get_table(table_name)
                except Exception:  # noqa: BLE001 - no such table: nothing was written
                    table = None
            if table is not None:
                _record_write(table)

    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]
    Table.put_item = put_item  # type: ignore[method-assign]
    Table.delete_item = delete_item  # type: ignore[method-assign]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]


def apply_patches() -> None:
    """Applies every patch listed in the module docstring to the imported moto."""
    _patch_query_definitions()
    _patch_resource_servers()
    _patch_sqs()
    _patch_lambda()
    _patch_conditions()
    _patch_enforcement()
    _patch_dynamodb_query()


def main(argv: list[str]) -> int:
    apply_patches()
    from moto.server import main as moto_main

    sys.argv = ["moto_server", *argv]
    return moto_main() or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
