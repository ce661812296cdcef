"""A CSV file read piece by piece (as Spark's tasks read it) gives the local reader's rows and problems, line
for line, wherever the pieces are cut: through a quoted line break, a broken quote, a CR-only line end."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from ictguard.screening.tabular import read_table
from ictguard.spark.parts import PartMeta, expected_skips, pending
from ictguard.spark.pieces import (
    Piece,
    PieceRead,
    csv_layout,
    csv_piece_rows,
    csv_ranges,
    parquet_piece_rows,
    parquet_ranges,
)

Row = tuple[int, dict[str, str], tuple[str, str] | None]


def read_in_pieces(path: Path, size: int, order: random.Random) -> tuple[list[Row], int]:
    """Every piece read with the driver's rounds (pieces of a round in a random order, as tasks finish); the
    rows in file order with absolute lines, and how many rounds it took."""
    layout = csv_layout(path)
    pieces = [Piece(n, 0, b, e) for n, (b, e) in enumerate(csv_ranges(path, layout, size))]
    metas: dict[int, PartMeta] = {}
    got: dict[int, list[Row]] = {}
    rounds = 0
    while todo := pending(pieces, metas):
        rounds += 1
        order.shuffle(todo)
        for piece, skip in todo:
            read = PieceRead()
            got[piece.number] = list(csv_piece_rows(path, layout, piece, skip, read))
            metas[piece.number] = PartMeta(piece.number, skip, read.lines, read.exit, len(got[piece.number]), 0)
        assert rounds <= len(pieces) + 1
    assert set(expected_skips(pieces, metas)) == {p.number for p in pieces}
    rows, base = [], layout.header_lines
    for piece in pieces:
        rows += [(base + line, row, problem) for line, row, problem in got[piece.number]]
        base += metas[piece.number].lines
    return rows, rounds


def local_rows(path: Path) -> list[Row]:
    table = read_table(path)
    return [(line, row, table.problems.get(line)) for line, row in table.rows]


CASES = {
    "plain.csv": b"name,country\nHuawei,CN\nDahua,CN\nZTE,CN\n",
    "multiline.csv": b'name,address\n"Dahua","Room 1\nHangzhou\n3rd floor"\nZTE,Shenzhen\nHytera,"A\r\nB"\n',
    "open-quote.csv": b'name,country\nHuawei,CN\n"Dahua,CN\nZTE,CN\nHytera,CN\n',
    "mid-field-quote.csv": b'name,country\n"Dahua,CN\nZTE,"x",CN\nHytera,CN\n',
    "late-quote.csv": b'name,country\n"Dahua,CN\nZTE",CN,extra\nHytera,CN\n"x\n',
    "wide-and-blank.csv": b"name,country\n\nHuawei Technologies, Co. Ltd,CN\n,\nDahua,CN,\n\n",
    "bad-bytes.csv": codecs.BOM_UTF8 + b"name,country\nM\xfcller GmbH,DE\nDahua,C\xe9\n\xe4\xb8\n",
    "cr-only.csv": b"name,country\rHuawei,CN\rDahua,CN\r\nZTE,CN\n",
    "no-final-newline.csv": b'name,country\nHuawei,CN\n"Dahua',
    "multiline-header.csv": b'"na\nme",country\n"a\nb",CN\nc,DE\n',
    "utf16.csv": 'name\tcountry\nHuawei\tCN\n"Dahua\tCN\nMüller GmbH\tDE\n'.encode("utf-16"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pieces_read_what_the_local_reader_reads(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(CASES[name])
    expected = local_rows(path)
    for size in (1, 3, 7, 16, 4096):
        assert read_in_pieces(path, size, random.Random(size))[0] == expected, size


def _random_csv(rng: random.Random) -> bytes:
    """Rows of good names, quoted line breaks, broken quotes, extra cells, blanks, bad bytes, CR and CRLF ends."""
    parts = [b"name,country,note"]
    for number in range(rng.randrange(5, 60)):
        kind = rng.random()
        if kind < 0.5:
            row = f"Name {number},CN,n{number}".encode()
        elif kind < 0.65:
            row = f'"Multi {number}\nline",DE,"a\r\nb"'.encode()
        elif kind < 0.72:
            row = f'"Broken {number},CN,x'.encode()
        elif kind < 0.8:
            row = f"Wide {number},CN,x,extra".encode()
        elif kind < 0.86:
            row = b""
        elif kind < 0.92:
            row = f"Bad \xfc{number},CN,".encode("latin-1")
        else:
            row = f'Q"uote {number},RU,"'.encode()
        parts.append(row)
    ends = [rng.choice([b"\n", b"\r\n", b"\n", b"\r"]) for _ in parts]
    data = b"".join(p + e for p, e in zip(parts, ends, strict=True))
    return data if rng.random() < 0.8 else data.rstrip(b"\r\n")


@pytest.mark.parametrize("seed", range(40))
def test_random_files_read_alike_at_any_cut(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    path = tmp_path / "random.csv"
    path.write_bytes(_random_csv(rng))
    expected = local_rows(path)
    for size in (1, rng.randrange(2, 40), rng.randrange(40, 400)):
        got, _rounds = read_in_pieces(path, size, rng)
        assert got == expected, (seed, size)


def test_a_record_across_a_cut_is_read_again_with_its_skip(tmp_path: Path) -> None:
    """The second piece starts inside a quoted field: read first as if a record started there, then again."""
    path = tmp_path / "straddle.csv"
    path.write_bytes(b'name,note\nDahua,"one\ntwo\nthree"\nZTE,x\n')
    layout = csv_layout(path)
    cut = path.read_bytes().index(b"two")
    assert [r for r in csv_ranges(path, layout, cut - layout.data_start)][1][0] == cut
    rows, rounds = read_in_pieces(path, cut - layout.data_start, random.Random(0))
    assert rounds == 2 and rows == local_rows(path)
    assert [(line, row["name"]) for line, row, _ in rows] == [(2, "Dahua"), (5, "ZTE")]


def test_parquet_slices_read_what_the_local_reader_reads(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "parties.parquet"
    names = [f"Name {n}" if n % 9 else None for n in range(50)]
    pq.write_table(pa.table({"name": names, "spend": [n * 1.0 for n in range(50)]}), path, row_group_size=7)
    expected = [(line, row, None) for line, row in read_table(path).rows]
    for size in (1, 5, 7, 13, 50, 80):
        got: list[Row] = []
        for begin, end in parquet_ranges(path, size):
            rows = parquet_piece_rows(path, ("name", "spend"), Piece(0, 0, begin, end))
            got += [(begin + line, row, problem) for line, row, problem in rows]
        assert got == expected, size
