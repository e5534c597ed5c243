namespace CharRnnLsp.Server.Hosting;

/// <summary>The byte streams the protocol runs over: stdin/stdout in the real server, pipes in tests.</summary>
public sealed record ServerStreams(Stream Input, Stream Output);
