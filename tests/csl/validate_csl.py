#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the CSL writers with an independent validator (python3-jsonschema).

For every input: write it as CSL-JSON, and as CSL-YAML read back and written as CSL-JSON;
both outputs must validate against the CSL schema and be the same JSON value. Inputs marked
with --exact must also come back as the very JSON value they were.

  validate_csl.py --convert CSL_CONVERT | --cli BIBPORT  --schema S --workdir W [--exact F]... F...
"""
import argparse
import json
import os
import subprocess
import sys

import jsonschema


def run(cmd, stdin=None):
    proc = subprocess.run(cmd, input=stdin, capture_output=True)
    if proc.returncode != 0:
        sys.exit(f"FAILED ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')}")
    return proc.stdout


def convert(args, src, frm, to, dst):
    if args.convert:
        run([args.convert, frm, to, src, dst])
    else:
        run([args.cli, "convert", "-f", frm, "-t", to, "-o", dst, src])


def main():
    ap = argparse.ArgumentParser()
    tool = ap.add_mutually_exclusive_group(required=True)
    tool.add_argument("--convert", help="the csl_convert test program")
    tool.add_argument("--cli", help="the bibport program")
    ap.add_argument("--schema", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--exact", action="append", default=[], help="an input that must come back unchanged")
    ap.add_argument("inputs", nargs="*")
    args = ap.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    os.makedirs(args.workdir, exist_ok=True)
    failures = 0

    for src in args.inputs + args.exact:
        base = os.path.join(args.workdir, os.path.splitext(os.path.basename(src))[0])
        direct, yaml, via_yaml = base + ".out.json", base + ".out.yaml", base + ".yaml.json"
        convert(args, src, "csljson", "csljson", direct)
        convert(args, src, "csljson", "cslyaml", yaml)
        convert(args, yaml, "cslyaml", "csljson", via_yaml)
        outputs = {}
        for path in (direct, via_yaml):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if not text.endswith("\n"):
                print(f"{path}: no final newline")
                failures += 1
            outputs[path] = json.loads(text)
            errors = sorted(validator.iter_errors(outputs[path]), key=lambda e: list(e.absolute_path))
            for e in errors:
                print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
            failures += len(errors)
        if outputs[direct] != outputs[via_yaml]:
            print(f"{src}: JSON -> YAML -> JSON differs from JSON -> JSON")
            failures += 1
        if src in args.exact:
            with open(src, encoding="utf-8") as f:
                original = json.load(f)
            if outputs[direct] != original:
                print(f"{src}: written CSL-JSON is not the same JSON value as the input")
                failures += 1
        if args.cli and src in args.exact:
            # The pipe of the acceptance check, literally.
            yaml_text = run([args.cli, "convert", src, "-t", "cslyaml"])
            back = json.loads(run([args.cli, "convert", "-f", "cslyaml", "-t", "csljson"], stdin=yaml_text))
            if back != original:
                print(f"{src}: 'convert -t cslyaml | convert -f cslyaml -t csljson' changed the data")
                failures += 1
        print(f"{src}: checked ({len(outputs[direct])} items)")

    if failures:
        sys.exit(f"{failures} problem(s)")


if __name__ == "__main__":
    main()
