using System.Text.Json;
using IssueSync.Sdk.Inbound.Models;

namespace IssueSync.Sdk.Tests.Inbound.Models;

public class LenientDateJsonConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new LenientDateJsonConverter() } };

    [Fact]
    public void Writes_a_date_as_iso_8601_and_none_as_null()
    {
        DateTimeOffset? date = new DateTimeOffset(2018, 7, 5, 20, 52, 16, TimeSpan.Zero);

        Assert.Equal("\"2018-07-05T20:52:16+00:00\"", JsonSerializer.Serialize(date, Options));
        Assert.Equal("null", JsonSerializer.Serialize((DateTimeOffset?)null, Options));
        Assert.Equal(date, JsonSerializer.Deserialize<DateTimeOffset?>(JsonSerializer.Serialize(date, Options), Options));
    }
}
