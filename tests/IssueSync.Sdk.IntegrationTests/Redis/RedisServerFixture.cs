using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace IssueSync.Sdk.IntegrationTests.Redis;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, in a temporary directory, for the tests of the
/// <see cref="RedisServerTests"/>; stopped (and its directory removed) after them. When redis-server
/// is missing or does not start, every test of the collection fails with the reason (never skipped):
/// <c>.ci/run</c> installs it. Tests keep apart with <see cref="NewKeyPrefix"/> (or <see cref="FlushAsync"/>);
/// <see cref="RestartAsync"/>, <see cref="StopAsync"/> and <see cref="StartAsync"/> serve restart scenarios
/// (the port stays the same, so multiplexers reconnect on their own).
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(10);
    private static int s_prefixes;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "issuesync-redis-" + Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>The loopback port the server listens on (the same across restarts).</summary>
    public int Port { get; } = FreePort();

    /// <summary>Whether the server now runs with append-only-file persistence.</summary>
    public bool AppendOnly { get; private set; }

    /// <summary>A configuration string for the server (short timeouts: a test waits seconds, not minutes).</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000");

    /// <summary>A shared multiplexer to the server (tests may also make their own).</summary>
    public IConnectionMultiplexer Multiplexer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await StartAsync(appendOnly: false);
        Multiplexer = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (Multiplexer is not null)
        {
            await Multiplexer.DisposeAsync();
        }

        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    /// <summary>A key prefix no other test uses, so tests share the server without flushing.</summary>
    public static string NewKeyPrefix() => string.Create(CultureInfo.InvariantCulture, $"test{Interlocked.Increment(ref s_prefixes)}-{Guid.NewGuid():N}:");

    /// <summary>
    /// Makes the server hold every client's writes (scripts included) for <paramref name="duration"/>
    /// (<c>CLIENT PAUSE ms WRITE</c>): Redis slow, not down; reads and <see cref="ResumeAsync"/> still run.
    /// </summary>
    public Task PauseAsync(TimeSpan duration) => SendAsync("CLIENT", "PAUSE", ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "WRITE");

    /// <summary>Ends a <see cref="PauseAsync"/> early (<c>CLIENT UNPAUSE</c>).</summary>
    public Task ResumeAsync() => SendAsync("CLIENT", "UNPAUSE");

    /// <summary>Removes every key.</summary>
    public Task FlushAsync() => SendAsync("FLUSHALL");

    /// <summary>Empties the server's script cache (<c>SCRIPT FLUSH</c>), as a restart does.</summary>
    public Task FlushScriptsAsync() => SendAsync("SCRIPT", "FLUSH");

    /// <summary>
    /// Restarts the server on the same port. With <paramref name="persistence"/> the data survives: the
    /// append-only file is turned on (and rewritten) first, and the server shuts down saving it and loads it
    /// back. Without, the server shuts down without saving and comes back empty, append-only off.
    /// </summary>
    public async Task RestartAsync(bool persistence)
    {
        if (persistence && !AppendOnly)
        {
            await SendAsync("CONFIG", "SET", "appendonly", "yes");
            await WaitUntilAsync(async () => (await SendAsync("INFO", "persistence")).Contains("aof_rewrite_in_progress:0", StringComparison.Ordinal)
                && !(await SendAsync("INFO", "persistence")).Contains("aof_rewrite_scheduled:1", StringComparison.Ordinal), "the append-only file to be written");
        }

        await StopAsync(save: persistence);
        if (!persistence)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(_directory))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }

        await StartAsync(appendOnly: persistence);
    }

    /// <summary>Stops the server (Redis is then down for every client); <paramref name="save"/> writes the append-only file first.</summary>
    public async Task StopAsync(bool save = false)
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            await SendAsync("SHUTDOWN", save ? "SAVE" : "NOSAVE");
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // The server closes the connection as it goes.
        }

        using var exited = new CancellationTokenSource(StartLimit);
        try
        {
            await _process.WaitForExitAsync(exited.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the server on <see cref="Port"/>, with or without append-only persistence; fails saying why when it cannot.</summary>
    public async Task StartAsync(bool appendOnly)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", appendOnly ? "yes" : "no",
            "--appendfsync", "always", "--dir", _directory, "--daemonize", "no", "--protected-mode", "yes",
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                "redis-server is not installed (or not on PATH), so the Redis tests cannot run. Install it: apt-get update && apt-get install -y redis-server (.ci/run does this).", ex);
        }

        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppendOnly = appendOnly;
        await WaitUntilAsync(async () => (await SendAsync("PING")) == "PONG", "redis-server to answer PING");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var limit = Stopwatch.StartNew();
        Exception? last = null;
        while (limit.Elapsed < StartLimit)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} while waiting for {what}. Its output:\n{Output()}");
            }

            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidOperationException)
            {
                last = ex;
            }

            await Task.Delay(20);
        }

        throw new InvalidOperationException($"Waited {StartLimit.TotalSeconds} s for {what} on 127.0.0.1:{Port} in vain ({last?.Message}). Its output:\n{Output()}", last);
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>Sends one command over a fresh connection (RESP) and returns the first line of the answer without its type byte.</summary>
    private async Task<string> SendAsync(params string[] command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        var request = new StringBuilder().Append('*').Append(command.Length).Append("\r\n");
        foreach (var part in command)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        var buffer = new byte[16384];
        var read = await stream.ReadAsync(buffer);
        if (read == 0)
        {
            return "";
        }

        var answer = Encoding.UTF8.GetString(buffer, 0, read);
        if (answer[0] == '-')
        {
            throw new InvalidOperationException($"redis-server answered {string.Join(' ', command.Take(2))} with {answer.TrimEnd()}");
        }

        // A bulk string ($n\r\n...): the body; a simple string (+OK): the text.
        return answer[0] == '$' ? answer[(answer.IndexOf('\n', StringComparison.Ordinal) + 1)..].TrimEnd() : answer[1..].TrimEnd();
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The tests that share one <see cref="RedisServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerTests : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis-server";
}
