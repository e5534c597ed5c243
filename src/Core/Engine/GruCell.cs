using System.Runtime.Intrinsics;

namespace CharRnnLsp.Core.Engine;

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
            Vec.Add3(x, hr, biasHh, g, 2 * n);
            Vec.Sigmoid(g, 2 * n);
            System.Numerics.Tensors.TensorPrimitives.Add(Vec.S(hr + 2 * n, n), Vec.S(biasHh + 2 * n, n), Vec.S(hn, n));
            System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(Vec.S(g, n), Vec.S(hn, n), Vec.S(x + 2 * n, n), Vec.S(g + 2 * n, n));
            Vec.Tanh(g + 2 * n, n);
            int j = 0;
            for (; j + 8 <= n; j += 8)
            {
                var z = Vector256.Load(g + n + j); var nn = Vector256.Load(g + 2 * n + j);
                (nn + z * (Vector256.Load(hp + j) - nn)).Store(ho + j);
            }
            for (; j < n; j++) { float z = g[n + j], nn = g[2 * n + j]; ho[j] = nn + z * (hp[j] - nn); }
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
            for (int j = 0; j < n; j++)
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
