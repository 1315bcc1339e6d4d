using System.Text;

namespace Workers.Runtime.Tests.Hosting;

/// <summary>A response as <see cref="RawHttpClient"/> read it.</summary>
internal sealed record RawResponse(int Status, string Reason, List<KeyValuePair<string, string>> Headers, byte[] Body, byte[] RawHead)
{
    public string BodyText => Encoding.Latin1.GetString(Body);

    public string? Header(string name) => Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public int Count(string name) => Headers.Count(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
}
