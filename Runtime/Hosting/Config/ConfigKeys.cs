using System.Collections.Frozen;

namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// The top-level keys of a wrangler configuration, sorted by what this runtime does with them.
/// </summary>
/// <remarks>
/// The list of keys wrangler knows comes from workers-sdk <c>packages/workers-utils/src/config/environment.ts</c>
/// (<c>EnvironmentInheritable</c>, <c>EnvironmentNonInheritable</c>), <c>config.ts</c> (top-level only keys)
/// and <c>validation.ts</c> (<c>normalizeAndValidateConfig</c>), read at commit f8308360 (2026-08-22).
/// </remarks>
internal static class ConfigKeys
{
    /// <summary>Keys this loader reads.</summary>
    public static readonly FrozenSet<string> Supported = FrozenSet.Create(
        StringComparer.Ordinal,
        "name", "main", "compatibility_date", "compatibility_flags", "vars", "secrets",
        "routes", "route", "triggers", "limits", "dev"
    );

    /// <summary>
    /// Keys that only matter to deploying, to Cloudflare's dashboard or to wrangler's bundler, and
    /// change nothing about how the worker runs here: accepted without a word.
    /// </summary>
    public static readonly FrozenSet<string> Ignored = FrozenSet.Create(
        StringComparer.Ordinal,
        "$schema", "account_id", "workers_dev", "preview_urls", "previews", "send_metrics", "keep_vars",
        "upload_source_maps", "logpush", "logfwdr", "minify", "keep_names", "no_bundle", "first_party_worker",
        "compliance_region", "dependencies_instrumentation", "tsconfig", "jsx_factory", "jsx_fragment",
        "usage_model", "zone_id", "legacy_env"
    );

    /// <summary>
    /// Keys wrangler knows that configure something this runtime does not have yet (bindings,
    /// static assets, builds, environments): each draws a "not supported yet" warning.
    /// </summary>
    public static readonly FrozenSet<string> NotSupported = FrozenSet.Create(
        StringComparer.Ordinal,
        "env", "build", "rules", "alias", "define", "find_additional_modules", "preserve_file_names", "base_dir",
        "python_modules", "wasm_modules", "text_blobs", "data_blobs", "site", "assets", "migrations", "exports",
        "placement", "observability", "access", "cache", "addresses", "pages_build_output_dir",
        "durable_objects", "workflows", "cloudchamber", "containers", "kv_namespaces", "send_email", "queues",
        "connect", "r2_buckets", "d1_databases", "vectorize", "ai_search_namespaces", "ai_search", "agent_memory",
        "websearch", "hyperdrive", "services", "analytics_engine_datasets", "browser", "ai", "images", "media",
        "stream", "version_metadata", "unsafe", "mtls_certificates", "tail_consumers", "streaming_tail_consumers",
        "dispatch_namespaces", "pipelines", "secrets_store_secrets", "artifacts", "unsafe_hello_world", "flagship",
        "ratelimits", "worker_loaders", "vpc_services", "vpc_networks"
    );
}
