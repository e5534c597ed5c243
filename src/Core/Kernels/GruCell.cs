using System.Runtime.Intrinsics;

namespace CharRnnLsp.Core.Kernels;

/// <summary>
/// nn.GRU cell, element-wise part. Gate blocks per row: r, z, n.
///   r = s(x_r + h_r + b_hr), z = s(x_z + h_z + b_hz), hn = h_n + b_hn, n = tanh(x_n + r * hn),
///   h' = (1 - z) * n + z * h        (x_* already include b_ih; h_* = h W_hh^T without bias)
/// </summary>
internal static unsafe class GruCell
{
    /// <param name="gates">out [rows, 3H] r, z, n</param> <param name="hnOut">out [rows, H] W_hn h + b_hn</param>
    /// <param name="hPrev">[rows, H]</param> <param name="h">out [rows, H] (may alias hPrev)</param>
    public static void Forward(int rows, int hidden, float* xBase, int* xRows, float* hh, float* biasHh,
        float* gates, float* hnOut, float* hPrev, float* h)
    {
        int gh = 3 * hidden, n = hidden;
        for (int r = 0; r < rows; r++)
        {
            float* x = xBase + (long)(xRows != null ? xRows[r] : r) * gh;
            float* g = gates + (long)r * gh, hr = hh + (long)r * gh;
            long o = (long)r * hidden;
            float* hn = hnOut + o, hp = hPrev + o, ho = h + o;
            int j = 0;
            for (; j + 8 <= n; j += 8) // one pass: r, z, n of units j..j+7, then h'
            {
                var vr = FastMath.Sigmoid(Vector256.Load(x + j) + Vector256.Load(hr + j) + Vector256.Load(biasHh + j));
                var vz = FastMath.Sigmoid(Vector256.Load(x + n + j) + Vector256.Load(hr + n + j) + Vector256.Load(biasHh + n + j));
                var vhn = Vector256.Load(hr + 2 * n + j) + Vector256.Load(biasHh + 2 * n + j);
                var vn = FastMath.Tanh(Vector256.FusedMultiplyAdd(vr, vhn, Vector256.Load(x + 2 * n + j)));
                vr.Store(g + j); vz.Store(g + n + j); vn.Store(g + 2 * n + j); vhn.Store(hn + j);
                Vector256.FusedMultiplyAdd(vz, Vector256.Load(hp + j) - vn, vn).Store(ho + j);
            }
            for (; j < n; j++)
            {
                float vr = FastMath.Sigmoid(x[j] + hr[j] + biasHh[j]);
                float vz = FastMath.Sigmoid(x[n + j] + hr[n + j] + biasHh[n + j]);
                float vhn = hr[2 * n + j] + biasHh[2 * n + j];
                float vn = FastMath.Tanh(x[2 * n + j] + vr * vhn);
                g[j] = vr; g[n + j] = vz; g[2 * n + j] = vn; hn[j] = vhn;
                ho[j] = vn + vz * (hp[j] - vn);
            }
        }
    }

    /// <param name="dh">[rows, H] total gradient w.r.t. h'</param>
    /// <param name="dhPrev">[rows, H] receives += z * dh (the direct path); null at t = 0</param>
    /// <param name="dGatesIh">out [rows, 3H] gradient w.r.t. x_r, x_z, x_n (and b_ih)</param>
    /// <param name="dGatesHh">out [rows, 3H] gradient w.r.t. h_r, h_z, h_n (and b_hh)</param>
    public static void Backward(int rows, int hidden, float* gates, float* hnIn, float* hPrev,
        float* dh, float* dhPrev, float* dGatesIh, float* dGatesHh)
    {
        int gh = 3 * hidden, n = hidden;
        for (int r = 0; r < rows; r++)
        {
            float* g = gates + (long)r * gh, di = dGatesIh + (long)r * gh, dhh = dGatesHh + (long)r * gh;
            long o = (long)r * hidden;
            float* hn = hnIn + o, hp = hPrev + o, dhr = dh + o;
            var one = Vector256<float>.One;
            int j = 0;
            for (; j + 8 <= n; j += 8)
            {
                var vr = Vector256.Load(g + j); var vz = Vector256.Load(g + n + j); var vn = Vector256.Load(g + 2 * n + j);
                var d = Vector256.Load(dhr + j);
                var dnPre = d * (one - vz) * (one - vn * vn);
                var drPre = dnPre * Vector256.Load(hn + j) * vr * (one - vr);
                var dzPre = d * (Vector256.Load(hp + j) - vn) * vz * (one - vz);
                drPre.Store(di + j); dzPre.Store(di + n + j); dnPre.Store(di + 2 * n + j);
                drPre.Store(dhh + j); dzPre.Store(dhh + n + j); (dnPre * vr).Store(dhh + 2 * n + j);
                if (dhPrev != null) (Vector256.Load(dhPrev + o + j) + d * vz).Store(dhPrev + o + j);
            }
            for (; j < n; j++)
            {
                float vr = g[j], vz = g[n + j], vn = g[2 * n + j], d = dhr[j];
                float dnPre = d * (1 - vz) * (1 - vn * vn);
                float drPre = dnPre * hn[j] * vr * (1 - vr);
                float dzPre = d * (hp[j] - vn) * vz * (1 - vz);
                di[j] = drPre; di[n + j] = dzPre; di[2 * n + j] = dnPre;
                dhh[j] = drPre; dhh[n + j] = dzPre; dhh[2 * n + j] = dnPre * vr;
                if (dhPrev != null) dhPrev[o + j] += d * vz;
            }
        }
    }
}
