global using Xunit;
global using Range = CharRnnLsp.Server.Protocol.Range;
