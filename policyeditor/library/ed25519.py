"""Ed25519 signature verification in PL/pgSQL, so the library's server checks signatures itself.

PostgreSQL has no Ed25519 (pgcrypto neither), and a firm's database server
should not need a C extension or an untrusted language for the library. So
this is RFC 8032 section 5.1.7 over `numeric` (exact integers of any size) and
the built-in sha512(bytea) (PostgreSQL 11 and later):

- the signature's S must be below the group order L, the key must decode to a
  point of the curve (y below p, x^2 a square, not "-0"), and
- [S]B - [k]A, with k = SHA-512(R || A || M) mod L, must encode to R
  (the cofactorless check, as OpenSSL and so the `cryptography` library do).

The double scalar multiplication shares its doublings between the two scalars
(Straus), four bits at a time: 252 doublings and at most 128 additions. The
multiples of A are made per call, those of the base point B once, when the
migration runs (`library_ed25519_base()` returns them as a constant). A product
is reduced by Barrett's method (`_mul`), twice as fast as numeric's `%`, so
field elements stay in (-2p, 2p) between operations and are made canonical
(`%`, which keeps the dividend's sign, then + p) only to compare and encode.
Points are in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z; the
formulas are Hisil, Wong, Carter and Dawson's for a = -1 (add-2008-hwcd-3,
dbl-2008-hwcd). A table entry is the point's "cached" form (Y+X, Y-X, 2dT, 2Z).

This checks signatures only; it signs nothing and holds no secret, so running
in variable time is harmless.
"""

from __future__ import annotations

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
BASE_X = 15112221349535400772501151409588531511454012693041857206046113283949847762202
BASE_Y = 46316835694926478169428394003475163141307993866256225615783033603165251855960

# 1/p to 162 decimals: x - trunc(x * m) * p is x mod p give or take p, for |x| below p^2 times a
# few, and costs half of numeric's `%` (a long division)
INVERSE_P = f"0.{10**162 // P:0162d}"

_CONSTANTS = {"{M}": INVERSE_P, "{P}": P, "{L}": L, "{D2}": 2 * D % P, "{D}": D, "{SQRT_M1}": SQRT_M1,
              "{BX}": BASE_X, "{BY}": BASE_Y, "{TOP}": 2**255}


def _sql(text: str) -> str:
    for name, value in _CONSTANTS.items():
        text = text.replace(name, str(value))
    return text


def _mul(dst: str, product: str) -> str:
    """`dst` := `product` reduced mod p (give or take p): Barrett's, with m = 1/p as a decimal."""
    return f"{dst} := {product}; {dst} := {dst} - trunc({dst} * m) * p;"


# The extended-coordinate steps, spelled once and pasted where they run (a PL/pgSQL function call
# costs more than the arithmetic it would save writing out).
def _add(table: str, i: str) -> str:
    """(x_:y_:z_:t_) += the cached point `table`[i]."""
    return " ".join((
        _mul("a_", f"(y_ - x_) * {table}[{i}][2]"), _mul("b_", f"(y_ + x_) * {table}[{i}][1]"),
        _mul("c_", f"t_ * {table}[{i}][3]"), _mul("d_", f"z_ * {table}[{i}][4]"),
        "e_ := b_ - a_; f_ := d_ - c_; g_ := d_ + c_; h_ := b_ + a_;",
        _mul("x_", "e_ * f_"), _mul("y_", "g_ * h_"), _mul("t_", "e_ * h_"), _mul("z_", "f_ * g_"),
    ))


def _double() -> str:
    """(x_:y_:z_) doubled; t_ is left for the caller to make (e_ * h_) when an addition follows."""
    return " ".join((
        _mul("a_", "x_ * x_"), _mul("b_", "y_ * y_"), _mul("c_", "2 * z_ * z_"), _mul("e_", "2 * x_ * y_"),
        "g_ := b_ - a_; f_ := g_ - c_; h_ := -a_ - b_;",
        _mul("x_", "e_ * f_"), _mul("y_", "g_ * h_"), _mul("z_", "f_ * g_"),
    ))


def _squarings(var: str, times: int) -> str:
    return f"FOR i IN 1..{times} LOOP {_mul(var, f'{var} * {var}')} END LOOP;"


_FIELD = "p constant numeric := {P}; m constant numeric := {M};"


FUNCTIONS = [_sql(s) for s in (
    # a little-endian byte string as the integer it encodes
    """CREATE FUNCTION library_ed25519_int(b bytea) RETURNS numeric
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE n numeric := 0;
    BEGIN
        FOR i IN REVERSE length(b) - 1 .. 0 LOOP
            n := n * 256 + get_byte(b, i);
        END LOOP;
        RETURN n;
    END $$""",
    # z^(2^250 - 1) and z^11 mod p, the common start of inversion and square root (ref10's chain)
    f"""CREATE FUNCTION library_ed25519_chain(z numeric, OUT t250 numeric, OUT z11 numeric)
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE {_FIELD} z9 numeric; t numeric; t5 numeric; t10 numeric; t20 numeric; t50 numeric;
        t100 numeric;
    BEGIN
        {_mul("t", "z * z")}  -- z^2
        {_mul("z9", "t * t")} {_mul("z9", "z9 * z9")} {_mul("z9", "z9 * z")}
        {_mul("z11", "z9 * t")}
        {_mul("t5", "z11 * z11")} {_mul("t5", "t5 * z9")}  -- z^(2^5 - 1)
        t := t5; {_squarings("t", 5)} {_mul("t10", "t * t5")}
        t := t10; {_squarings("t", 10)} {_mul("t20", "t * t10")}
        t := t20; {_squarings("t", 20)} {_mul("t", "t * t20")}
        {_squarings("t", 10)} {_mul("t50", "t * t10")}
        t := t50; {_squarings("t", 50)} {_mul("t100", "t * t50")}
        t := t100; {_squarings("t", 100)} {_mul("t", "t * t100")}
        {_squarings("t", 50)} {_mul("t250", "t * t50")}
    END $$""",
    # 1/z = z^(p - 2) = z^(2^255 - 21)
    f"""CREATE FUNCTION library_ed25519_invert(z numeric) RETURNS numeric
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE {_FIELD} c record; t numeric;
    BEGIN
        c := library_ed25519_chain(z);
        t := c.t250; {_squarings("t", 5)}
        RETURN t * c.z11 % p;
    END $$""",
    # z^((p - 5) / 8) = z^(2^252 - 3), for the square root of a fraction (RFC 8032 5.1.3)
    f"""CREATE FUNCTION library_ed25519_pow22523(z numeric) RETURNS numeric
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE {_FIELD} t numeric;
    BEGIN
        t := (library_ed25519_chain(z)).t250; {_squarings("t", 2)}
        RETURN t * z % p;
    END $$""",
    # [1]P .. [15]P for the affine point (x, y), each as (Y+X, Y-X, 2dT, 2Z): a 15 x 4 array
    f"""CREATE FUNCTION library_ed25519_multiples(x numeric, y numeric) RETURNS numeric[]
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE {_FIELD} d2 constant numeric := {{D2}}; one numeric[]; table_ numeric[];
        x_ numeric := x; y_ numeric := y; z_ numeric := 1; t_ numeric := x * y % {{P}};
        a_ numeric; b_ numeric; c_ numeric; d_ numeric; e_ numeric; f_ numeric; g_ numeric; h_ numeric;
    BEGIN
        one := ARRAY[[y_ + x_, y_ - x_, t_ * d2 % p, 2]];
        table_ := one;
        FOR j IN 2..15 LOOP
            {_add("one", "1")}
            table_ := table_ || ARRAY[[y_ + x_, y_ - x_, t_ * d2 % p, 2 * z_]];
        END LOOP;
        RETURN table_;
    END $$""",
    # the base point's multiples as a constant, computed once, here
    """DO $$ BEGIN
        EXECUTE format('CREATE FUNCTION library_ed25519_base() RETURNS numeric[] LANGUAGE sql IMMUTABLE '
                       'PARALLEL SAFE AS %L',
                       format('SELECT %L::numeric[]', library_ed25519_multiples({BX}, {BY})::text));
    END $$""",
    # Whether `sig` is the Ed25519 signature by public key `pub` of `msg` (RFC 8032 5.1.7).
    f"""CREATE FUNCTION library_ed25519_verify(pub bytea, msg bytea, sig bytea) RETURNS boolean
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE {_FIELD} d constant numeric := {{D}};
        x_ numeric; y_ numeric; z_ numeric; t_ numeric; u numeric; v numeric; w numeric; s numeric;
        k numeric; sign integer; n integer; ka numeric[]; kb numeric[]; digits integer[];
        a_ numeric; b_ numeric; c_ numeric; d_ numeric; e_ numeric; f_ numeric; g_ numeric; h_ numeric;
    BEGIN
        IF length(pub) <> 32 OR length(sig) <> 64 THEN
            RETURN false;
        END IF;
        s := library_ed25519_int(substr(sig, 33));
        IF s >= {{L}} THEN
            RETURN false;  -- a non-canonical S (RFC 8032: S must be below L)
        END IF;
        -- A: y, then x from x^2 = u / v = (y^2 - 1) / (d y^2 + 1), the sign bit choosing the root:
        -- x = u v^3 (u v^7)^((p - 5) / 8), times sqrt(-1) when that squares to -u / v
        sign := get_bit(pub, 255);
        y_ := library_ed25519_int(set_bit(pub, 255, 0));
        IF y_ >= p THEN
            RETURN false;
        END IF;
        u := (y_ * y_ - 1) % p;
        v := (d * y_ % p * y_ + 1) % p;
        w := v * v % p * v % p * u % p;  -- u v^3
        x_ := w * library_ed25519_pow22523(w * v % p * v % p * v % p * v % p) % p;
        a_ := v * x_ % p * x_ % p;
        IF (a_ + u) % p = 0 AND u % p <> 0 THEN
            x_ := x_ * {{SQRT_M1}} % p;
        ELSIF (a_ - u) % p <> 0 THEN
            RETURN false;  -- no square root: not a point of the curve
        END IF;
        x_ := (x_ + p) % p;
        IF x_ = 0 AND sign = 1 THEN
            RETURN false;
        END IF;
        IF x_ % 2 <> sign THEN
            x_ := p - x_;
        END IF;
        k := library_ed25519_int(sha512(substr(sig, 1, 32) || pub || msg)) % {{L}};
        ka := library_ed25519_multiples(p - x_, y_);  -- of -A
        kb := library_ed25519_base();
        digits := array_fill(0, ARRAY[64]);
        FOR i IN 1..64 LOOP
            digits[i] := (k % 16)::integer;
            k := div(k, 16);
        END LOOP;
        -- [k](-A) + [S]B, four bits of each at a time from the top
        x_ := 0; y_ := 1; z_ := 1; t_ := 0;
        FOR i IN REVERSE 63..0 LOOP
            IF i < 63 THEN
                FOR j IN 1..4 LOOP
                    {_double()}
                END LOOP;
                {_mul("t_", "e_ * h_")}
            END IF;
            n := digits[i + 1];
            IF n > 0 THEN
                {_add("ka", "n")}
            END IF;
            n := (get_byte(sig, 32 + i / 2) >> (4 * (i % 2))) & 15;
            IF n > 0 THEN
                {_add("kb", "n")}
            END IF;
        END LOOP;
        -- encode the result (y, and x's low bit on top) and compare with R
        z_ := library_ed25519_invert(z_);
        x_ := (x_ * z_ % p + p) % p;
        y_ := (y_ * z_ % p + p) % p;
        RETURN y_ + (x_ % 2) * {{TOP}} = library_ed25519_int(substr(sig, 1, 32));
    END $$""",
)]
