using System.Runtime.Intrinsics;

namespace CharRnnLsp.Core.Kernels;

/// <summary>
/// nn.LSTM cell, element-wise part, for one time step over `rows` streams. Gate blocks per row: i, f, g, o.
///   i = s(x_i + h_i + b_i), f = s(..), g = tanh(..), o = s(..); c' = f*c + i*g; h' = o*tanh(c')
/// The matrix products (x W_ih^T + b_ih, h W_hh^T) are done by the caller as GEMMs.
/// </summary>
internal static unsafe class LstmCell
{
    /// <param name="xBase">input projections incl. b_ih; row r is xBase + (xRows?[r] ?? r) * 4H</param>
    /// <param name="hh">[rows, 4H] h_prev W_hh^T</param>
    /// <param name="gates">out [rows, 4H] activated gates</param>
    /// <param name="cPrev">[rows, H]</param> <param name="c">out [rows, H]</param>
    /// <param name="tanhC">out [rows, H]</param> <param name="h">out [rows, H]</param>
    public static void Forward(int rows, int hidden, float* xBase, int* xRows, float* hh, float* biasHh,
        float* gates, float* cPrev, float* c, float* tanhC, float* h)
    {
        int gh = 4 * hidden, n = hidden;
        for (int r = 0; r < rows; r++)
        {
            float* x = xBase + (long)(xRows != null ? xRows[r] : r) * gh, hr = hh + (long)r * gh;
            float* g = gates + (long)r * gh;
            long o = (long)r * hidden;
            float* cp = cPrev + o, co = c + o, tc = tanhC + o, ho = h + o;
            int j = 0;
            for (; j + 8 <= n; j += 8) // one pass: the four gates of units j..j+7, then their state
            {
                var vi = FastMath.Sigmoid(Vector256.Load(x + j) + Vector256.Load(hr + j) + Vector256.Load(biasHh + j));
                var vf = FastMath.Sigmoid(Vector256.Load(x + n + j) + Vector256.Load(hr + n + j) + Vector256.Load(biasHh + n + j));
                var vg = FastMath.Tanh(Vector256.Load(x + 2 * n + j) + Vector256.Load(hr + 2 * n + j) + Vector256.Load(biasHh + 2 * n + j));
                var vo = FastMath.Sigmoid(Vector256.Load(x + 3 * n + j) + Vector256.Load(hr + 3 * n + j) + Vector256.Load(biasHh + 3 * n + j));
                var vc = Vector256.FusedMultiplyAdd(vf, Vector256.Load(cp + j), vi * vg);
                var vtc = FastMath.Tanh(vc);
                vi.Store(g + j); vf.Store(g + n + j); vg.Store(g + 2 * n + j); vo.Store(g + 3 * n + j);
                vc.Store(co + j); vtc.Store(tc + j); (vo * vtc).Store(ho + j);
            }
            for (; j < n; j++)
            {
                float vi = FastMath.Sigmoid(x[j] + hr[j] + biasHh[j]);
                float vf = FastMath.Sigmoid(x[n + j] + hr[n + j] + biasHh[n + j]);
                float vg = FastMath.Tanh(x[2 * n + j] + hr[2 * n + j] + biasHh[2 * n + j]);
                float vo = FastMath.Sigmoid(x[3 * n + j] + hr[3 * n + j] + biasHh[3 * n + j]);
                float vc = vf * cp[j] + vi * vg, vtc = FastMath.Tanh(vc);
                g[j] = vi; g[n + j] = vf; g[2 * n + j] = vg; g[3 * n + j] = vo;
                co[j] = vc; tc[j] = vtc; ho[j] = vo * vtc;
            }
        }
    }

    /// <param name="dh">[rows, H] total gradient w.r.t. h' (decoder/above + recurrence)</param>
    /// <param name="dc">in: [rows, H] gradient w.r.t. c' from step t+1; out: gradient w.r.t. cPrev</param>
    /// <param name="dGates">out [rows, 4H] gradient w.r.t. the gate pre-activations</param>
    public static void Backward(int rows, int hidden, float* gates, float* cPrev, float* tanhC,
        float* dh, float* dc, float* dGates)
    {
        int gh = 4 * hidden;
        var one = Vector256<float>.One;
        for (int r = 0; r < rows; r++)
        {
            float* g = gates + (long)r * gh, dg = dGates + (long)r * gh;
            long o = (long)r * hidden;
            float* cp = cPrev + o, tc = tanhC + o, dhr = dh + o, dcr = dc + o;
            int n = hidden, j = 0;
            for (; j + 8 <= n; j += 8)
            {
                var vi = Vector256.Load(g + j); var vf = Vector256.Load(g + n + j);
                var vg = Vector256.Load(g + 2 * n + j); var vo = Vector256.Load(g + 3 * n + j);
                var vtc = Vector256.Load(tc + j); var vdh = Vector256.Load(dhr + j);
                var vdc = Vector256.Load(dcr + j) + vdh * vo * (one - vtc * vtc);
                (vdc * vg * vi * (one - vi)).Store(dg + j);
                (vdc * Vector256.Load(cp + j) * vf * (one - vf)).Store(dg + n + j);
                (vdc * vi * (one - vg * vg)).Store(dg + 2 * n + j);
                (vdh * vtc * vo * (one - vo)).Store(dg + 3 * n + j);
                (vdc * vf).Store(dcr + j);
            }
            for (; j < n; j++)
            {
                float vi = g[j], vf = g[n + j], vg = g[2 * n + j], vo = g[3 * n + j], vtc = tc[j], vdh = dhr[j];
                float vdc = dcr[j] + vdh * vo * (1 - vtc * vtc);
                dg[j] = vdc * vg * vi * (1 - vi);
                dg[n + j] = vdc * cp[j] * vf * (1 - vf);
                dg[2 * n + j] = vdc * vi * (1 - vg * vg);
                dg[3 * n + j] = vdh * vtc * vo * (1 - vo);
                dcr[j] = vdc * vf;
            }
        }
    }
}
