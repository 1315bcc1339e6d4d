namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// The local server settings of a project: the <c>[dev]</c> table of a wrangler file (<c>dev</c> in
/// wrangler.json(c)), or the top-level <c>dev</c> of a multi-worker file. One process listens on one
/// address, so only the <c>dev</c> of the first file given applies (as the first <c>-c</c> file is the
/// primary worker of <c>wrangler dev -c a -c b</c>); the loader warns about other files that disagree.
/// </summary>
/// <remarks>
/// Command-line flags win over these values (<c>--port</c>, <c>--host</c>/<c>--ip</c>), as in wrangler.
/// The keys wrangler knows are listed in workers-sdk <c>packages/workers-utils/src/config/config.ts</c>
/// (<c>DevConfig</c>); the others it has (<c>inspector_port</c>, <c>host</c>, <c>local_protocol</c>...) are
/// validated and draw a warning naming them, since nothing here uses them.
/// </remarks>
public sealed class DevSettings
{
    /// <summary><c>dev.ip</c>: the address to listen on, as written (<c>127.0.0.1</c>, <c>0.0.0.0</c>, <c>localhost</c>); null when not set.</summary>
    public string? Ip { get; init; }

    /// <summary><c>dev.port</c>: the port to listen on, 0 to 65535 (0 picks a free one); null when not set.</summary>
    public int? Port { get; init; }

    /// <summary>The full path of the file these settings come from; null when no file sets a <c>dev</c> table.</summary>
    public string? ConfigPath { get; init; }
}
