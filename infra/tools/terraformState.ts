/** One resource or data source of `terraform show -json` state. */
export type StateResource = {
  /** Full address, such as `module.processor.aws_lambda_function.this`. */
  address: string;
  /** `managed` (resource) or `data`. */
  mode: 'managed' | 'data';
  /** Resource type, such as `aws_lambda_function`. */
  type: string;
  /** Attribute values as stored after apply. */
  values: Record<string, unknown>;
};

type StateModule = { resources?: StateResource[]; child_modules?: StateModule[] };

/** The state document `terraform show -json` prints. */
export type TerraformState = { values?: { root_module?: StateModule } };

/**
 * Every resource and data source of a state, from the root module down.
 *
 * @example
 * stateResources(JSON.parse(stdout)).filter((r) => r.type === 'aws_lambda_function');
 */
export function stateResources(state: TerraformState): StateResource[] {
  const all: StateResource[] = [];
  const walk = (module: StateModule | undefined) => {
    if (module === undefined) return;
    all.push(...(module.resources ?? []));
    for (const child of module.child_modules ?? []) walk(child);
  };
  walk(state.values?.root_module);
  return all;
}

/** The first element of a nested block list (`environment[0]`), or an empty object. */
export function firstBlock(value: unknown): Record<string, unknown> {
  return Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null
    ? (value[0] as Record<string, unknown>)
    : {};
}
