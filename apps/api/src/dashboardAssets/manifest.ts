/** One built asset, as the manifest lists it. */
type DashboardAsset = {
  /** File name under `assets/`, content-hashed: `app-4XK2JQ7A.js`. */
  file: string;
  /** `Content-Type` to serve it with. */
  contentType: string;
  /** Size in bytes. */
  bytes: number;
  /** Size of its `.gz` sibling in bytes. */
  gzipBytes: number;
};

/**
 * `manifest.json` of a built dashboard (written by `dashboard/build`, read by the
 * routes): which assets exist and the page's security policy.
 */
export type DashboardManifest = {
  /** `Content-Security-Policy` of the page: its own assets and its inline scripts by hash, nothing else. */
  contentSecurityPolicy: string;
  /** Content-hashed files under `assets/`, each with a `.gz` sibling. */
  assets: DashboardAsset[];
};

/** File names inside a built dashboard directory. */
export const DASHBOARD_FILES = {
  /** The manifest. */
  manifest: 'manifest.json',
  /** The page. */
  page: 'index.html',
  /** Sub-directory of the hashed assets. */
  assets: 'assets',
} as const;
