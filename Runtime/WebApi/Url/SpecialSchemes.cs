namespace Workers.Runtime.WebApi.Url;

/// <summary>The special schemes (https://url.spec.whatwg.org/#special-scheme) and their default ports.</summary>
internal static class SpecialSchemes
{
    /// <summary>Whether <paramref name="scheme"/> is one of ftp, file, http, https, ws and wss.</summary>
    public static bool IsSpecial(string scheme) => scheme is "ftp" or "file" or "http" or "https" or "ws" or "wss";

    /// <summary>https://url.spec.whatwg.org/#default-port: the scheme's default port, or null when it has none.</summary>
    public static int? DefaultPort(string scheme) => scheme switch
    {
        "ftp" => 21,
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        _ => null,
    };
}
