"""The ``pandascribe`` command, run as a real process."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import pandascribe
from pandascribe.cli import build_parser, read_frame
from pandascribe.plan import plan_json_schema

ROOT = Path(__file__).resolve().parents[1]


def command() -> list[str]:
    """The installed console script when there is one, else ``python -m pandascribe.cli``."""
    script = shutil.which("pandascribe", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "pandascribe.cli"]


@pytest.fixture
def cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "PANDASCRIBE_HISTORY_PATH": str(tmp_path / "history.sqlite3"),
        "PANDASCRIBE_BACKEND": "rules",
    }

    def run(*args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command(), *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
            env={**env, **(extra_env or {})},
            check=False,
        )

    return run


def assert_one_line_error(proc: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert proc.returncode == code, proc
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


def exec_output(stdout: str, frames: dict[str, pd.DataFrame]) -> dict[str, object]:
    namespace: dict[str, object] = {"pd": pd, "np": np, **frames}
    exec(compile(stdout, "<cli output>", "exec"), namespace)
    return namespace


def test_compile_on_the_bundled_example(cli, penguins: pd.DataFrame) -> None:  # type: ignore[no-untyped-def]
    proc = cli("compile", "rows where year is 2007")
    assert proc.returncode == 0, proc.stderr
    first, second, *_ = proc.stdout.splitlines()
    assert first == "# data: bundled example dataset 'penguins' (Palmer penguins, 344 rows, CC0)"
    assert second == "import pandas as pd"
    assert "# Keep rows where year" in proc.stdout
    ast.parse(proc.stdout)  # the whole output is valid Python
    ns = exec_output(proc.stdout, {})  # it loads the example itself
    pd.testing.assert_frame_equal(ns["penguins"], penguins)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(ns["penguins_filtered"], penguins[penguins.year == 2007])  # type: ignore[arg-type]


def run_script(tmp_path: Path, text: str, tail: str) -> str:
    """Run ``text`` + ``tail`` as a script in a fresh Python process (cwd ``tmp_path``)."""
    script = tmp_path / "script.py"
    script.write_text(text + tail)
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_printed_script_runs_as_it_is_with_its_date_parsing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """ISO date text was parsed into datetimes: the script says so (parse_dates) and so its
    ``.dt.month`` code runs when pasted as it is, in a fresh process."""
    (tmp_path / "sales.csv").write_text(
        "day,stamp,amount\n2013-01-05,2013-01-05 08:30,10\n2013-03-02,,20\n2013-03-20,2013-03-20 17:00,30\n"
    )
    proc = cli("compile", "rows where day is in March", "--data", "sales=sales.csv")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == [
        "import pandas as pd",
        'sales = pd.read_csv("sales.csv", parse_dates=["day", "stamp"], date_format="ISO8601")',
    ]
    assert ".dt.month" in proc.stdout
    out = run_script(
        tmp_path, proc.stdout, "print(sales_filtered['amount'].tolist(), sales['stamp'].dtype)\n"
    )
    amounts, dtype = out.rsplit(" ", 1)
    assert amounts == "[20, 30]" and dtype.startswith("datetime64")  # resolution: pandas' choice

    only = cli("compile", "rows where day is in March", "--data", "sales=sales.csv", "--code-only")
    assert only.returncode == 0, only.stderr
    assert only.stdout.startswith("sales_filtered = sales.loc[") and "read_csv" not in only.stdout
    assert only.stdout.strip() in proc.stdout


def test_other_formats_parse_dates_in_a_line_of_their_own(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame({"day": ["2013-01-05", "2013-03-02"], "amount": [1, 2]})
    frame.to_json(tmp_path / "s.jsonl", orient="records", lines=True)
    proc = cli("compile", "rows in March", "--data", "s=s.jsonl")
    assert proc.returncode == 0, proc.stderr
    assert 's = pd.read_json("s.jsonl", lines=True)\n' in proc.stdout
    assert 's = s.assign(**{"day": pd.to_datetime(s["day"], format="ISO8601")})' in proc.stdout
    out = run_script(tmp_path, proc.stdout, "print(s_filtered['amount'].tolist())\n")
    assert out.strip() == "[2]"


def test_bundled_example_is_the_palmer_penguins(penguins: pd.DataFrame) -> None:
    shipped = pd.read_csv(ROOT / "src" / "pandascribe" / "data" / "penguins.csv")
    pd.testing.assert_frame_equal(shipped, penguins)


def test_compile_run_prints_the_first_rows(cli, tmp_path: Path, penguins: pd.DataFrame) -> None:  # type: ignore[no-untyped-def]
    penguins.to_csv(tmp_path / "birds.csv", index=False)
    proc = cli("compile", "rows where year is 2007", "--data", "birds=birds.csv", "--run", "--rows", "3")
    assert proc.returncode == 0, proc.stderr
    assert "# data:" not in proc.stdout
    code, _, shown = proc.stdout.partition("\n\n")
    assert 'birds.loc[birds["year"] == 2007]' in code
    lines = shown.splitlines()
    assert lines[0] == f"# result: {int((penguins.year == 2007).sum())} rows × 8 columns"
    assert len(lines) == 1 + 1 + 3  # header, column names, three rows
    assert "Adelie" in lines[2]


def test_scalar_result_and_target(cli) -> None:  # type: ignore[no-untyped-def]
    proc = cli("compile", "number of rows", "--target", "n", "--run")
    assert proc.returncode == 0, proc.stderr
    assert "\nn = len(penguins)\n" in proc.stdout  # a fact about the frame (FrameInfo)
    assert proc.stdout.rstrip().endswith("# result: 344")


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".json", ".jsonl"])
def test_every_text_format_is_read(cli, tmp_path: Path, penguins: pd.DataFrame, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"p{suffix}"
    small = penguins.head(20)
    if suffix == ".csv":
        small.to_csv(path, index=False)
    elif suffix == ".tsv":
        small.to_csv(path, index=False, sep="\t")
    else:
        small.to_json(path, orient="records", lines=suffix == ".jsonl")
    proc = cli("compile", "rows where year is 2007", "--data", str(path), "--run")
    assert proc.returncode == 0, proc.stderr
    assert 'p.loc[p["year"] == 2007]' in proc.stdout  # name taken from the file's stem
    assert "# result: 20 rows × 8 columns" in proc.stdout


def test_parquet(cli, tmp_path: Path, penguins: pd.DataFrame) -> None:  # type: ignore[no-untyped-def]
    if importlib.util.find_spec("pyarrow") is None and importlib.util.find_spec("fastparquet") is None:
        (tmp_path / "p.parquet").write_bytes(b"PAR1")
        msg = assert_one_line_error(cli("compile", "number of rows", "--data", "p=p.parquet"))
        assert "pyarrow" in msg
        return
    penguins.to_parquet(tmp_path / "p.parquet")
    proc = cli("compile", "number of rows", "--data", "p=p.parquet", "--run")
    assert proc.returncode == 0, proc.stderr
    assert "# result: 344" in proc.stdout


def test_source_picks_among_several_frames(cli, tmp_path: Path, penguins: pd.DataFrame) -> None:  # type: ignore[no-untyped-def]
    penguins.to_csv(tmp_path / "a.csv", index=False)
    penguins.head(5).to_csv(tmp_path / "b.csv", index=False)
    proc = cli(
        "compile", "number of rows", "--data", "a=a.csv", "--data", "b=b.csv", "--source", "b", "--run"
    )
    assert proc.returncode == 0, proc.stderr
    assert "= len(b)" in proc.stdout and "# result: 5" in proc.stdout
    first = cli("compile", "number of rows", "--data", "a=a.csv", "--data", "b=b.csv", "--run")
    assert "# result: 344" in first.stdout  # the first --data by default


def test_iso_date_columns_become_datetimes(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("day,stamp,label\n2020-01-01,2020-01-01 10:30,x\n2020-02-03,,y\n")
    df = read_frame(path)
    assert str(df["day"].dtype).startswith("datetime64") and str(df["stamp"].dtype).startswith("datetime64")
    assert not str(df["label"].dtype).startswith("datetime64")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("compile", "number of rows", "--data", "missing.csv"), "no such file: missing.csv"),
        (("compile", "number of rows", "--data", "x=data.xlsx"), "unknown file type '.xlsx'"),
        (("compile", "number of rows", "--data", "1x=a.csv"), "is not a usable Python name"),
        (("compile", "number of rows", "--data", "bad=bad.csv"), "cannot read bad.csv"),
        (("compile", "frobnicate the zorbs"), "frobnicate"),
        (("compile", "number of rows", "--source", "pengiuns"), "no frame named 'pengiuns'"),
        (("compile", "number of rows", "--target", "not a name"), "is not a Python identifier"),
        (("compile", "   "), "the request is empty"),
    ],
)
def test_errors_are_one_line_without_traceback(
    cli, tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bad.csv").write_bytes(b'a,b\n"unclosed,1\n')
    msg = assert_one_line_error(cli(*args))
    assert expected in msg, msg


@pytest.mark.parametrize("args", [(), ("compile",), ("frobnicate",), ("compile", "x", "--backend", "magic")])
def test_usage_errors_exit_2(cli, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    proc = cli(*args)
    assert proc.returncode == 2
    assert "usage: pandascribe" in proc.stderr and "Traceback" not in proc.stderr


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    from pandascribe import __version__

    proc = cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"pandascribe {__version__}"


def test_doctor_reports_each_check(cli) -> None:  # type: ignore[no-untyped-def]
    proc = cli("doctor")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) >= 2 and all(line.startswith("ok ") for line in lines), lines
    bad = cli("doctor", extra_env={"PANDASCRIBE_TIMEOUT_S": "-1"})
    assert bad.returncode == 1
    assert any(line.startswith("FAILED") for line in bad.stdout.splitlines()), bad.stdout
    assert "Traceback" not in bad.stderr


def test_schema_json_is_the_plan_schema(cli) -> None:  # type: ignore[no-untyped-def]
    proc = cli("schema-json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == plan_json_schema()


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)  # type: ignore[arg-type]


def test_cli_has_the_promised_subcommands() -> None:
    assert subcommands() == ["compile", "doctor", "schema-json"]


@pytest.mark.parametrize("name", subcommands())
def test_every_subcommand_is_documented_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pandascribe {name}" in readme, f"README.md does not mention `pandascribe {name}`"


def test_ci_runs_the_readme_set_up_commands_exactly() -> None:
    """The README's two set-up commands (the first two bash blocks of "Get started") are lines of
    .ci/run, as written — so CI proves what a new user will type."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Get started", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("\n", 1)[1].strip() for b in section.split("```bash")[1:]]
    commands = [b.split("```", 1)[0].strip() for b in blocks][:2]
    assert commands[1] == "python -m pytest"
    assert commands[0].startswith('pip install -e ".[dev]"')
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command in ci, command


# ---------------------------------------------------------------- ambiguous requests

AMBIGUOUS = "mean length by species"  # on the bundled penguins: bill_length_mm or flipper_length_mm


def _readings() -> list[pandascribe.Choice]:
    import palmerpenguins

    with pytest.raises(pandascribe.AmbiguousRequest) as info:
        pandascribe.compile(AMBIGUOUS, {"penguins": palmerpenguins.load_penguins()})
    return list(info.value.choices)


def test_an_ambiguous_request_lists_its_readings_on_stderr_and_exits_2(cli) -> None:  # type: ignore[no-untyped-def,unused-ignore]
    readings = _readings()
    proc = cli("compile", AMBIGUOUS)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == "error: this request can be read in several ways: 'length'"
    assert lines[1:-1] == [f"  {n}. {c.paraphrase}  — say: {c.request}" for n, c in enumerate(readings, 1)]
    assert lines[-1] == "rerun with --choose N (1 to 2) to use reading N"


def test_choose_prints_that_readings_script(cli, penguins: pd.DataFrame) -> None:  # type: ignore[no-untyped-def,unused-ignore]
    for n, chosen in enumerate(_readings(), 1):
        proc = cli("compile", AMBIGUOUS, "--choose", str(n))
        assert proc.returncode == 0, proc.stderr
        assert f"# reading {n} of the request, said as: {chosen.request}\n" in proc.stdout
        assert proc.stdout.rstrip().endswith(chosen.transform.code.rstrip())
        code_only = cli("compile", AMBIGUOUS, "--choose", str(n), "--code-only")
        assert code_only.stdout.rstrip() == chosen.transform.code.rstrip()
        said = cli("compile", chosen.request, "--code-only")  # its own words give the same code
        assert said.stdout == code_only.stdout
        result = exec_output(proc.stdout, {})[chosen.transform.target]
        assert isinstance(result, pd.DataFrame)
        column = chosen.transform.plan.steps[0].aggs[0].column
        expected = penguins.groupby("species", as_index=False)[column].mean()
        assert result[f"mean_{column}"].tolist() == pytest.approx(expected[column].tolist())


@pytest.mark.parametrize(
    ("request_", "choose", "says"),
    [
        (AMBIGUOUS, "3", "error: --choose 3: this request has 2 readings; choose 1 to 2"),
        ("mean body_mass_g by species", "2", "error: --choose 2: this request has one reading"),
    ],
)
def test_a_choice_out_of_range_is_a_one_line_usage_error(cli, request_: str, choose: str, says: str) -> None:  # type: ignore[no-untyped-def,unused-ignore]
    line = assert_one_line_error(cli("compile", request_, "--choose", choose), code=2)
    assert line.startswith(says)
