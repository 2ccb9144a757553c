import { STACK_SETTINGS } from '@energy/config';

type Widen<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer U)[]
        ? readonly Widen<U>[]
        : T extends object
          ? { readonly [K in keyof T]: Widen<T[K]> }
          : T;

/** The shape of {@link STACK_SETTINGS} with its literal values widened, so that tests can override them. */
export type StackSettings = Widen<typeof STACK_SETTINGS>;

/** Per-section partial overrides of {@link StackSettings}, e.g. a short visibility timeout for retry tests. */
export type StackSettingsOverrides = { readonly [K in keyof StackSettings]?: Partial<StackSettings[K]> };

/**
 * The shared settings with `overrides` merged in, section by section.
 *
 * @example
 * const settings = mergeSettings({ queue: { visibilityTimeoutSeconds: 2 } });
 */
export function mergeSettings(overrides: StackSettingsOverrides = {}): StackSettings {
  const merged: Record<string, unknown> = {};
  for (const [section, values] of Object.entries(STACK_SETTINGS)) {
    merged[section] = { ...values, ...(overrides[section as keyof StackSettings] ?? {}) };
  }
  return merged as StackSettings;
}
