using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Model;
using Xunit;

namespace CharRnnLsp.Cuda.Tests;

/// <summary>The data-parallel split on the GPU without MPI or NCCL: graphs that each run one rank's share of the
/// streams, scaled by the whole batch's 1/(T*B), add up to the graph of the whole batch.</summary>
public class CudaStreamShareTests
{
    private const int B = 7, T = 6, V = 13, Ranks = 2;

    [Fact]
    public void Graphs_over_rank_shares_sum_to_the_whole_batch_gradients_loss_and_carried_state()
    {
        using var device = CudaAvailability.RequireGpu();
        var model = CharModel.CreateInitialized(new ModelConfig(CellType.Lstm, V, 9, 24, 2, Dropout: 0f), 5);
        int p = model.Parameters.Length, h = model.Config.HiddenSize;
        using var parameters = DeviceBuffer.Floats(device, p);
        parameters.Upload<float>(model.Parameters);
        using var gradients = DeviceBuffer.Floats(device, p);
        using var whole = new CudaTrainingGraph(device, model, parameters, B, T, training: true);
        var streams = Enumerable.Range(0, Ranks).Select(r => StreamRange.Share(B, r, Ranks)).ToArray();
        var shares = streams.Select(s => new CudaTrainingGraph(device, model, parameters, s.Count, T, training: true, meanOverTargets: B * T)).ToArray();
        float[] expected = new float[p], summed = new float[p], part = new float[p];
        for (int call = 0; call < 2; call++) // the second call starts from the carried state
        {
            var random = new Random(call);
            int[] inputs = Tokens(random), targets = Tokens(random);
            whole.ForwardBackward(inputs, targets, gradients, dropoutSeed: 0);
            gradients.Download<float>(expected);
            double expectedLoss = whole.ReadLossSum(), loss = 0;
            Array.Clear(summed);
            for (int r = 0; r < Ranks; r++)
            {
                int[] ownInputs = new int[streams[r].Count * T], ownTargets = new int[ownInputs.Length];
                streams[r].Take<int>(inputs, B, 1, ownInputs);
                streams[r].Take<int>(targets, B, 1, ownTargets);
                shares[r].ForwardBackward(ownInputs, ownTargets, gradients, dropoutSeed: 0);
                gradients.Download<float>(part);
                for (int i = 0; i < p; i++) summed[i] += part[i];
                loss += shares[r].ReadLossSum();
            }
            TensorAssert.Close(expected, summed, $"gradients, call {call}", tolerance: 1e-5);
            Assert.Equal(expectedLoss, loss, expectedLoss * 1e-6);
        }
        var gathered = new float[whole.DownloadHidden().Length];
        for (int r = 0; r < Ranks; r++) streams[r].Place<float>(shares[r].DownloadHidden(), B, h, gathered);
        TensorAssert.Close(whole.DownloadHidden(), gathered, "carried state [L, S, B, H]", tolerance: 1e-5);
        foreach (var share in shares) share.Dispose();
    }

    private static int[] Tokens(Random random) => Enumerable.Range(0, B * T).Select(_ => random.Next(V)).ToArray();
}
