using CharRnnLsp.Core.Backends.OneDnn.Native;
using static CharRnnLsp.Core.Backends.OneDnn.Native.DnnlNative;

namespace CharRnnLsp.Core.Backends.OneDnn;

/// <summary>
/// One LSTM layer as oneDNN's fused RNN primitives (forward training + backward) over T steps of B streams,
/// input size I, hidden size H. Our weights are PyTorch's W_ih [4H, I] and W_hh [4H, H], gates i, f, g, o:
/// oneDNN's ldgoi layout with L = D = 1 and the same gate order, so they are reordered straight from the model's
/// parameter array into whatever layout each primitive chose, and the weight gradients back into the gradient
/// array. oneDNN has one bias; it gets b_ih + b_hh and its gradient goes to both.
/// Memory: the workspace (oneDNN's saved gates and states, about T B (4H + 2H) floats), the weights twice
/// (forward and backward layouts) and their gradients once, 4H bias and gradient.
/// </summary>
internal sealed unsafe class DnnlLstmLayer : IDisposable
{
    private readonly int _gh;
    private readonly DnnlPrimitive _forward, _backward;
    private readonly DnnlPrimitive[] _reorders; // [user->fwd ih, user->fwd hh, user->bwd ih, user->bwd hh, dW ih->user, dW hh->user]
    // Pointed at the caller's arrays each call: tnc activations, ldnc states, ldgoi weights.
    private readonly DnnlMemory _src, _h0, _c0, _dst, _hT, _cT, _diffSrc, _diffDst, _userIh, _userHh, _gradIh, _gradHh;
    // Owned: weights and their gradients in the primitives' layouts, bias, workspace, state gradients.
    private readonly DnnlMemory _fwdIh, _fwdHh, _bwdIh, _bwdHh, _diffIh, _diffHh, _bias, _diffBias, _workspace;
    private readonly DnnlMemory _diffH0, _diffC0, _zeroHT, _zeroCT;

    public DnnlLstmLayer(DnnlContext context, int seq, int batch, int input, int hidden)
    {
        _gh = 4 * hidden;
        long t = seq, b = batch, i = input, h = hidden;
        var src = DnnlContext.Desc(TagTnc, t, b, i);            // [T, B, I]
        var dst = DnnlContext.Desc(TagTnc, t, b, h);            // [T, B, H]
        var state = DnnlContext.Desc(TagLdnc, 1, 1, b, h);      // [1, 1, B, H]
        var bias = DnnlContext.Desc(TagLdgo, 1, 1, 4, h);       // [1, 1, 4, H]
        var anyIh = DnnlContext.Desc(TagAny, 1, 1, i, 4, h);
        var anyHh = DnnlContext.Desc(TagAny, 1, 1, h, 4, h);
        var userIh = DnnlContext.Desc(TagLdgoi, 1, 1, i, 4, h); // PyTorch's [4H, I]
        var userHh = DnnlContext.Desc(TagLdgoi, 1, 1, h, 4, h); // PyTorch's [4H, H]

        var fwdDesc = new byte[OpDescBytes];
        var bwdDesc = new byte[OpDescBytes];
        nint fwdPd, bwdPd;
        fixed (byte* d = fwdDesc)
        {
            Check(LstmForwardDescInit(d, PropForwardTraining, LeftToRight, &src, &state, &state, &anyIh, &anyHh, &bias,
                &dst, &state, &state, 0), "dnnl_lstm_forward_desc_init");
            Check(PrimitiveDescCreate(&fwdPd, d, context.Attributes, context.Engine, 0), "dnnl_primitive_desc_create (LSTM forward)");
        }
        _forward = new DnnlPrimitive(context, fwdPd);
        fixed (byte* d = bwdDesc)
        {
            Check(LstmBackwardDescInit(d, PropBackward, LeftToRight, &src, &state, &state, &anyIh, &anyHh, &bias,
                &dst, &state, &state, &src, &state, &state, &anyIh, &anyHh, &bias, &dst, &state, &state, 0),
                "dnnl_lstm_backward_desc_init");
            Check(PrimitiveDescCreate(&bwdPd, d, context.Attributes, context.Engine, fwdPd), "dnnl_primitive_desc_create (LSTM backward)");
        }
        _backward = new DnnlPrimitive(context, bwdPd);

        DnnlMemory Pointed(DnnlMemoryDesc desc) => new(context, desc, allocate: false);
        DnnlMemory Owned(DnnlMemoryDesc desc) => new(context, desc, allocate: true);
        (_src, _diffSrc, _dst, _diffDst) = (Pointed(src), Pointed(src), Pointed(dst), Pointed(dst));
        (_h0, _c0, _hT, _cT) = (Pointed(state), Pointed(state), Pointed(state), Pointed(state));
        (_userIh, _userHh, _gradIh, _gradHh) = (Pointed(userIh), Pointed(userHh), Pointed(userIh), Pointed(userHh));
        _fwdIh = Owned(_forward.ArgumentDesc(ArgWeightsLayer));
        _fwdHh = Owned(_forward.ArgumentDesc(ArgWeightsIter));
        _workspace = Owned(_forward.ArgumentDesc(ArgWorkspace));
        _bwdIh = Owned(_backward.ArgumentDesc(ArgWeightsLayer));
        _bwdHh = Owned(_backward.ArgumentDesc(ArgWeightsIter));
        _diffIh = Owned(_backward.ArgumentDesc(ArgDiff + ArgWeightsLayer));
        _diffHh = Owned(_backward.ArgumentDesc(ArgDiff + ArgWeightsIter));
        (_bias, _diffBias) = (Owned(bias), Owned(bias));
        (_diffH0, _diffC0, _zeroHT, _zeroCT) = (Owned(state), Owned(state), Owned(state), Owned(state));
        _reorders =
        [
            DnnlPrimitive.Reorder(context, userIh, _fwdIh.Desc), DnnlPrimitive.Reorder(context, userHh, _fwdHh.Desc),
            DnnlPrimitive.Reorder(context, userIh, _bwdIh.Desc), DnnlPrimitive.Reorder(context, userHh, _bwdHh.Desc),
            DnnlPrimitive.Reorder(context, _diffIh.Desc, userIh), DnnlPrimitive.Reorder(context, _diffHh.Desc, userHh),
        ];
    }

    /// <summary>dst[T, B, H], hT, cT [B, H] from src[T, B, I] and h0, c0 [B, H]; keeps what backward needs in the
    /// workspace. The pointers must stay valid (pinned) until <see cref="Backward"/> has run.</summary>
    public void Forward(float* wIh, float* wHh, float* bIh, float* bHh, float* src, float* h0, float* c0,
        float* dst, float* hT, float* cT)
    {
        _userIh.PointAt(wIh); _userHh.PointAt(wHh);
        _reorders[0].Execute(_userIh, _fwdIh);
        _reorders[1].Execute(_userHh, _fwdHh);
        System.Numerics.Tensors.TensorPrimitives.Add(new ReadOnlySpan<float>(bIh, _gh), new ReadOnlySpan<float>(bHh, _gh),
            new Span<float>(_bias.Data, _gh));
        _src.PointAt(src); _h0.PointAt(h0); _c0.PointAt(c0); _dst.PointAt(dst); _hT.PointAt(hT); _cT.PointAt(cT);
        _forward.Execute(
        [
            Arg(ArgSrcLayer, _src), Arg(ArgSrcIter, _h0), Arg(ArgSrcIterC, _c0), Arg(ArgWeightsLayer, _fwdIh),
            Arg(ArgWeightsIter, _fwdHh), Arg(ArgBias, _bias), Arg(ArgDstLayer, _dst), Arg(ArgDstIter, _hT),
            Arg(ArgDstIterC, _cT), Arg(ArgWorkspace, _workspace),
        ]);
    }

    /// <summary>From diffDst = dLoss/dst [T, B, H] (no gradient enters through hT, cT: truncated BPTT), writes
    /// diffSrc = dLoss/src [T, B, I] and overwrites the four parameter gradients (PyTorch layouts).</summary>
    public void Backward(float* wIh, float* wHh, float* diffDst, float* diffSrc,
        float* gradWIh, float* gradWHh, float* gradBIh, float* gradBHh)
    {
        _userIh.PointAt(wIh); _userHh.PointAt(wHh);
        _reorders[2].Execute(_userIh, _bwdIh);
        _reorders[3].Execute(_userHh, _bwdHh);
        // oneDNN adds into the weight and bias gradients.
        foreach (var m in new[] { _diffIh, _diffHh, _diffBias }) new Span<float>(m.Data, (int)m.Floats).Clear();
        _diffDst.PointAt(diffDst); _diffSrc.PointAt(diffSrc);
        _backward.Execute(
        [
            Arg(ArgSrcLayer, _src), Arg(ArgSrcIter, _h0), Arg(ArgSrcIterC, _c0), Arg(ArgWeightsLayer, _bwdIh),
            Arg(ArgWeightsIter, _bwdHh), Arg(ArgBias, _bias), Arg(ArgDstLayer, _dst), Arg(ArgDstIter, _hT),
            Arg(ArgDstIterC, _cT), Arg(ArgWorkspace, _workspace),
            Arg(ArgDiff + ArgSrcLayer, _diffSrc), Arg(ArgDiff + ArgSrcIter, _diffH0), Arg(ArgDiff + ArgSrcIterC, _diffC0),
            Arg(ArgDiff + ArgWeightsLayer, _diffIh), Arg(ArgDiff + ArgWeightsIter, _diffHh), Arg(ArgDiff + ArgBias, _diffBias),
            Arg(ArgDiff + ArgDstLayer, _diffDst), Arg(ArgDiff + ArgDstIter, _zeroHT), Arg(ArgDiff + ArgDstIterC, _zeroCT),
        ]);
        _gradIh.PointAt(gradWIh); _gradHh.PointAt(gradWHh);
        _reorders[4].Execute(_diffIh, _gradIh);
        _reorders[5].Execute(_diffHh, _gradHh);
        var diffBias = new ReadOnlySpan<float>(_diffBias.Data, _gh);
        diffBias.CopyTo(new Span<float>(gradBIh, _gh));
        diffBias.CopyTo(new Span<float>(gradBHh, _gh));
    }

    private static ExecArg Arg(int arg, DnnlMemory memory) => new() { Arg = arg, Memory = memory.Handle };

    public void Dispose()
    {
        foreach (var r in _reorders) r.Dispose();
        _forward.Dispose();
        _backward.Dispose();
        foreach (var m in new[] { _src, _h0, _c0, _dst, _hT, _cT, _diffSrc, _diffDst, _userIh, _userHh, _gradIh, _gradHh,
                     _fwdIh, _fwdHh, _bwdIh, _bwdHh, _diffIh, _diffHh, _bias, _diffBias, _workspace, _diffH0, _diffC0, _zeroHT, _zeroCT })
            m.Dispose();
    }
}
