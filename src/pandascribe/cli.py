"""The ``pandascribe`` command: compile a request against data files, check the set-up, export the
Plan's JSON Schema.

    pandascribe compile "mean body mass by species"                  # the bundled penguins example
    pandascribe compile "flights to BOS" --data flights=flights.csv --run
    pandascribe doctor
    pandascribe schema-json

Output of ``compile`` is a script that runs as it is: the imports, the lines that loaded the data
(``pd.read_csv(..., parse_dates=[...])`` — the frames were loaded by running those very lines), the
explanation as a comment, then the code; ``--code-only`` prints just the code. Errors are one line
on stderr (exit 1; usage errors exit 2), never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

EXAMPLE_NAME = "penguins"
EXAMPLE_NOTE = "bundled example dataset 'penguins' (Palmer penguins, 344 rows, CC0)"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")


class CliError(Exception):
    """A problem to report in one line (bad file, bad --data value)."""


# ---------------------------------------------------------------- reading data
#
# A frame is loaded by *running the very line the script prints* (``name = pd.read_csv(...)``), so
# the printed script reproduces the frames the code was compiled against — ISO date columns
# included, which become ``parse_dates=[...]`` (CSV) or a ``pd.to_datetime`` line (other formats).

#: file extension → (pandas reader, its keyword arguments)
READ_CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    ".csv": ("read_csv", {}),
    ".tsv": ("read_csv", {"sep": "\t"}),
    ".txt": ("read_csv", {}),
    ".json": ("read_json", {}),
    ".jsonl": ("read_json", {"lines": True}),
    ".ndjson": ("read_json", {"lines": True}),
    ".parquet": ("read_parquet", {}),
    ".pq": ("read_parquet", {}),
}


def _literal(value: Any) -> str:
    """Python source for ``value``, strings in double quotes like the generated code."""
    import json

    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _call(reader: str, path: Path, kwargs: dict[str, Any]) -> str:
    args = [_literal(str(path)), *(f"{k}={_literal(v)}" for k, v in kwargs.items())]
    return f"pd.{reader}({', '.join(args)})"


def _iso_date_columns(df: pd.DataFrame) -> list[str]:
    """Text columns whose every value is an ISO date (``2013-01-01``, ``2013-01-01 05:00``): they
    become datetimes, so "after March 2013" can compare them; anything else stays as read."""
    import pandas as pd

    out = []
    for name in df.columns:
        col = df[name]
        if not (pd.api.types.is_string_dtype(col.dtype) or col.dtype == object):
            continue
        values = col.dropna()
        if values.empty or not values.map(lambda v: isinstance(v, str) and bool(_ISO_DATE.match(v))).all():
            continue
        out.append(str(name))
    return out


def load_code(name: str, path: Path) -> str:
    """The line(s) that load ``path`` as ``name``, ISO date columns parsed."""

    suffix = path.suffix.lower()
    if suffix not in READ_CALLS:
        kinds = ", ".join(sorted(READ_CALLS))
        raise CliError(
            f"cannot read {path}: unknown file type {path.suffix or '(none)'!r} (use one of {kinds})"
        )
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    reader, kwargs = READ_CALLS[suffix]
    plain = _call(reader, path, kwargs)
    dates = _iso_date_columns(_run_load(f"{name} = {plain}", name, path))
    if not dates:
        return f"{name} = {plain}"
    if reader == "read_csv":
        return f"{name} = {_call(reader, path, {**kwargs, 'parse_dates': dates, 'date_format': 'ISO8601'})}"
    pairs = ", ".join(
        f'{_literal(c)}: pd.to_datetime({name}[{_literal(c)}], format="ISO8601")' for c in dates
    )
    return f"{name} = {plain}\n{name} = {name}.assign(**{{{pairs}}})"


def _run_load(code: str, name: str, path: Path) -> pd.DataFrame:
    import pandas as pd

    namespace: dict[str, Any] = {"pd": pd}
    try:
        exec(compile(code, "<pandascribe load>", "exec"), namespace)  # noqa: S102 - our own reader call
    except ImportError as exc:
        raise CliError(f"reading {path.suffix} files needs pyarrow (pip install pyarrow): {path}") from exc
    except Exception as exc:  # any parser failure is the user's file, reported in one line
        raise CliError(f"cannot read {path}: {type(exc).__name__}: {exc}".splitlines()[0]) from exc
    frame = namespace[name]
    if not isinstance(frame, pd.DataFrame):  # pragma: no cover - the readers return frames
        raise CliError(f"cannot read {path}: not a table")
    return frame


def load(name: str, path: Path) -> tuple[pd.DataFrame, str]:
    """``path`` loaded as ``name`` by running :func:`load_code`; returns (frame, that code)."""
    code = load_code(name, path)
    return _run_load(code, name, path), code


def read_frame(path: Path) -> pd.DataFrame:
    """Read a data file chosen by its extension (ISO date columns parsed)."""
    return load("frame", path)[0]


def parse_data_arg(value: str) -> tuple[str, Path]:
    """``NAME=PATH`` (or just ``PATH``: the name is the file's stem) → (name, path)."""
    if "=" in value and not Path(value).exists():
        name, _, path = value.partition("=")
    else:
        path = value
        name = re.sub(r"\W+", "_", Path(value).stem).strip("_").lower()
    if not name.isidentifier():
        raise CliError(f"--data {value!r}: {name!r} is not a usable Python name; write NAME=PATH")
    return name, Path(path).expanduser()


#: How the script printed for the bundled example loads it (wherever pandascribe is installed).
EXAMPLE_LOAD = (
    "from importlib.resources import files\n"
    'with files("pandascribe").joinpath("data", "penguins.csv").open("rb") as fh:\n'
    f"    {EXAMPLE_NAME} = pd.read_csv(fh)"
)


def load_frames(data: Sequence[str]) -> tuple[dict[str, pd.DataFrame], str | None, list[str]]:
    """The frames named on the command line, or the bundled example (and a note saying so), with
    the lines that load them."""
    if not data:
        import pandas as pd

        namespace: dict[str, Any] = {"pd": pd}
        exec(compile(EXAMPLE_LOAD, "<pandascribe load>", "exec"), namespace)  # noqa: S102 - ours
        return {EXAMPLE_NAME: namespace[EXAMPLE_NAME]}, EXAMPLE_NOTE, [EXAMPLE_LOAD]
    frames: dict[str, pd.DataFrame] = {}
    lines: list[str] = []
    for value in data:
        name, path = parse_data_arg(value)
        if name in frames:
            raise CliError(f"--data names {name!r} twice")
        frames[name], code = load(name, path)
        lines.append(code)
    return frames, None, lines


def script(t: Any, note: str | None, loading: Sequence[str]) -> str:
    """A script that runs as it is: imports, the loading lines, the explanation, the code."""
    from .history import import_lines

    head = [f"# data: {note}"] if note else []
    imports = ["import pandas as pd", *(i for i in import_lines(t.code) if i != "import pandas as pd")]
    return "\n".join([*head, *imports, *loading, "# " + t.explanation, t.code.rstrip()]) + "\n"


# ---------------------------------------------------------------- commands


def _show_result(value: Any, rows: int) -> str:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        head = f"# result: {value.shape[0]} rows × {value.shape[1]} columns"
        return head + ("\n" + value.head(rows).to_string() if len(value.columns) else "")
    if isinstance(value, pd.Series):
        return f"# result: {len(value)} values\n" + value.head(rows).to_string()
    return f"# result: {value!r}"


def cmd_compile(args: argparse.Namespace) -> int:
    import pandascribe

    frames, note, loading = load_frames(args.data)
    source = args.source or next(iter(frames))  # the first --data unless told otherwise
    engine = getattr(args, "engine", "pandas") or "pandas"
    if engine != "pandas":
        from .engines import require
        from .engines.convert import to_engine

        require(engine)
        frames = {name: to_engine(df, engine) for name, df in frames.items()}
    t = pandascribe.compile(
        args.request, frames, source=source, target=args.target, backend=args.backend, engine=engine
    )
    if args.code_only:
        print(t.code.rstrip())
    elif engine == "pandas":
        print(script(t, note, loading), end="")
    else:  # the data was loaded with pandas and handed to the engine: say so, then the code
        lines = [f"# data: {note}"] if note else []
        lines.append("# " + t.explanation)
        print("\n".join(lines))
        print(t.code, end="" if t.code.endswith("\n") else "\n")
    if args.run:
        import numpy as np
        import pandas as pd

        from .engines import namespace as engine_names
        from .engines.convert import to_pandas

        namespace: dict[str, Any] = {"pd": pd, "np": np, **engine_names(engine), **frames}
        try:
            exec(compile(t.code, "<pandascribe>", "exec"), namespace)  # noqa: S102 - the user asked to run it
            value = to_pandas(namespace[t.target])
        except Exception as exc:
            raise CliError(f"the code raised {type(exc).__name__}: {exc}".splitlines()[0]) from exc
        print()
        print(_show_result(value, args.rows))
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import run_checks

    checks = run_checks()
    for c in checks:
        print(f"{'ok' if c.ok else 'FAILED':<6}  {c.name}: {c.detail}")
    return 0 if all(c.ok for c in checks) else 1


def cmd_schema_json(args: argparse.Namespace) -> int:
    import json

    from .plan import plan_json_schema

    print(json.dumps(plan_json_schema(), indent=2, sort_keys=True))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = argparse.ArgumentParser(
        prog="pandascribe", description="Plain English in, reviewable pandas code out."
    )
    parser.add_argument("--version", action="version", version=f"pandascribe {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("compile", help="compile a request into pandas code", description=cmd_compile.__doc__)
    p.add_argument("request", help='what you want, in plain English, e.g. "mean body mass by species"')
    p.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="a CSV / TSV / JSON / JSONL / Parquet file to use as frame NAME (repeatable); "
        "without --data the bundled penguins example is used",
    )
    p.add_argument("--source", help="the frame the request is about (default: the only or first --data)")
    p.add_argument("--target", help="the name to assign the result to (default: a readable name)")
    p.add_argument("--backend", choices=["rules", "openai", "auto"], default="rules", help="default: rules")
    p.add_argument(
        "--code-only",
        action="store_true",
        help="print only the transform (default: a script that runs as it is: imports, the lines "
        "that load the data, the code)",
    )
    p.add_argument(
        "--engine",
        choices=["pandas", "polars", "spark"],
        default="pandas",
        help="write code for this engine; the data is loaded with pandas and handed over (default: pandas)",
    )
    p.add_argument("--run", action="store_true", help="also run the code and print the first rows")
    p.add_argument("--rows", type=int, default=10, metavar="N", help="rows to print with --run (default 10)")
    p.set_defaults(func=cmd_compile)

    p = sub.add_parser("doctor", help="check settings, history and backend", description=cmd_doctor.__doc__)
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser(
        "schema-json", help="print the Plan's JSON Schema", description=cmd_schema_json.__doc__
    )
    p.set_defaults(func=cmd_schema_json)
    return parser


cmd_compile.__doc__ = "Compile a plain-English request into pandas code and print it with its explanation."
cmd_doctor.__doc__ = "Check that settings are valid, history is writable and the backend reachable."
cmd_schema_json.__doc__ = "Print the JSON Schema of a Plan (what a model backend must produce)."


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 1 error, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from .errors import PandascribeError

    try:
        return int(args.func(args))
    except (PandascribeError, CliError) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `pandascribe ... | head`
        return 0
    except Exception as exc:  # a defect: still one line, but say what it was
        _fail(f"unexpected {type(exc).__name__}: {exc} (please report this)")
    return 1


def _fail(message: str) -> None:
    print("error: " + " ".join(message.split()), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
