#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The bibport benchmark (run it through bench.sh; README.md explains the output).

Steps, all on files generated into a temporary folder outside any git tree:
 1. the scaled BibTeX corpus (../shared/bench/make-corpus.sh), 1/10/50 MB by default;
 2. BibTeX -> CSL-JSON with bibport and the anchors (bib2xml, pandoc), runs alternating
    between the tools so that load on the machine hits all of them alike; `cat` as the floor;
    wall and CPU seconds (medians), MB/s, records/s, peak RSS, bibport's ratio to each anchor;
    bibport's output record count must equal the corpus's entry count;
 3. CSL-JSON -> BibTeX with bibport on its own output of the largest file;
 4. every in-tree reader and writer in process (bibport_bench_formats);
 5. start-up: `bibport formats` and a one-record conversion;
 6. instructions per input byte (callgrind), the number to track on a noisy machine;
 7. the issue's targets, each marked met or missed;
 8. optionally the Google Benchmark micro-benchmarks.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MB = 1_000_000

failures = []   # correctness problems (record counts, tools failing): the exit status


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg, flush=True)


# --- running and measuring -------------------------------------------------------------------

class Run:
    def __init__(self, wall, cpu, rss_kb, status):
        self.wall, self.cpu, self.rss_kb, self.status = wall, cpu, rss_kb, status


GNU_TIME = '/usr/bin/time' if os.access('/usr/bin/time', os.X_OK) else None


def run_measured(argv, stdout_path=None, env=None, output_path=None):
    """Runs argv; returns wall seconds, CPU seconds (user+sys) and peak RSS of that child.

    Every tool starts with no output of an earlier run in its way: standard output goes to a
    file created (truncated) before the clock starts, and `output_path`, a file the tool writes
    itself (bibport -o), is removed before it. Replacing a large file of an earlier run would
    otherwise time the file system freeing that file's pages (tens of ms at 100 MB on ext4).

    The peak RSS comes from GNU time (Debian package `time`) when it is installed: a child
    forked by Python starts with Python's own resident pages counted in its ru_maxrss (Linux
    keeps the pre-exec high-water mark), which would add ~15 MB to every tool. Without GNU time
    the numbers are upper bounds."""
    out = open(stdout_path, 'wb') if stdout_path else subprocess.DEVNULL
    if output_path and os.path.exists(output_path):
        os.remove(output_path)
    report = None
    if GNU_TIME:
        fd, report = tempfile.mkstemp(prefix='bibport-bench-time-')
        os.close(fd)
        argv = [GNU_TIME, '-f', '%M', '-o', report] + list(argv)
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
        if report:
            with open(report) as fh:
                rss = int(fh.read().split()[-1])   # "Command exited with non-zero status N" may come first
            # CPU stays from wait4: it includes the waited-for child and is finer than time's 10 ms.
    finally:
        if stdout_path:
            out.close()
        if report:
            os.remove(report)
    return Run(wall, cpu, rss, proc.returncode)


class Series:
    """The runs of one tool on one file."""
    def __init__(self, name, path, size, records):
        self.name, self.path, self.size, self.records = name, path, size, records
        self.runs = []

    def med(self, attr):
        return statistics.median(getattr(r, attr) for r in self.runs)

    @property
    def wall(self):
        return self.med('wall')

    @property
    def cpu(self):
        return self.med('cpu')

    @property
    def rss_mb(self):
        return max(r.rss_kb for r in self.runs) * 1024 / MB


def rate(num, seconds):
    return num / seconds if seconds > 0 else float('inf')


# --- output helpers --------------------------------------------------------------------------

def table(rows, header):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: '  '.join(str(x).rjust(w) if i else str(x).ljust(w) for i, (x, w) in enumerate(zip(r, widths)))
    print(line(header))
    print('  '.join('-' * w for w in widths))
    for r in rows:
        print(line(r))
    print()


def f2(x):
    return '%.2f' % x


def f3(x):
    return '%.3f' % x


def section(title):
    print('\n## ' + title + '\n', flush=True)


# --- record counts ---------------------------------------------------------------------------

def count_csljson(path):
    try:
        with open(path, 'rb') as fh:
            data = json.load(fh)
        return len(data) if isinstance(data, list) else -1
    except (OSError, ValueError):
        return -1


def count_mods(path):
    try:
        with open(path, 'rb') as fh:
            return len(re.findall(rb'<mods ID=', fh.read()))
    except OSError:
        return -1


# An entry starts a line, perhaps after a byte-order mark (the corpus has a few mid-file).
ENTRY = re.compile(rb'^(?:\xef\xbb\xbf)?[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]', re.M)


def count_bib(path):
    with open(path, 'rb') as fh:
        return sum(1 for m in ENTRY.finditer(fh.read())
                   if m.group(1).lower() not in (b'string', b'preamble', b'comment'))


# --- the steps -------------------------------------------------------------------------------

def make_corpus(args, tmp):
    script = os.path.join(args.shared, 'bench', 'make-corpus.sh')
    corpus = os.path.join(tmp, 'corpus')
    subprocess.run([script, corpus] + [str(s) for s in args.sizes], check=True, stdout=subprocess.DEVNULL)
    files = []
    with open(os.path.join(corpus, 'MANIFEST.tsv')) as fh:
        next(fh)
        for line in fh:
            name, size, listed = line.split('\t')[:3]
            path = os.path.join(corpus, name)
            # MANIFEST.tsv misses an entry whose '@' follows a byte-order mark: count them here.
            entries = count_bib(path)
            if entries != int(listed):
                log('  %s: %d entries (MANIFEST.tsv says %s: it misses entries after a byte-order mark)'
                    % (name, entries, listed))
            files.append((path, int(size), entries))
    return files


def conversions(args, tmp, files):
    """BibTeX -> CSL-JSON for every size, alternating the tools run by run."""
    env = dict(os.environ)
    results = []
    for path, size, entries in files:
        mb = size / MB
        tools = [('cat (floor)', ['cat', path], 'cat.out')]
        # bibport writes its file itself (-o): that is how it streams records from reader to
        # writer; to standard output it would hold the whole output until everything succeeded.
        tools.append(('bibport', [args.bin, 'convert', '-f', 'bibtex', '-t', 'csljson', '-o',
                                  os.path.join(tmp, 'bibport.json'), path], None))
        own_output = {'bibport': os.path.join(tmp, 'bibport.json')}
        if args.bib2xml and mb <= args.bib2xml_max + 0.5:
            tools.append(('bib2xml', [args.bib2xml, path], 'bib2xml.xml'))
        if args.pandoc and mb <= args.pandoc_max + 0.5:
            tools.append(('pandoc', [args.pandoc, '-f', 'bibtex', '-t', 'csljson', path], 'pandoc.json'))
        series = {name: Series(name, path, size, entries) for name, _, _ in tools}
        for r in range(args.runs):
            log('  %g MB: run %d/%d' % (mb, r + 1, args.runs))
            for name, argv, out in tools:
                res = run_measured(argv, os.path.join(tmp, out) if out else None, env, own_output.get(name))
                series[name].runs.append(res)
        # Correctness: bibport must give one record per entry; the anchors are shown only.
        counts = {}
        for name, _, out in tools:
            out = out or 'bibport.json'
            outp = os.path.join(tmp, out)
            counts[name] = (count_csljson(outp) if out.endswith('.json') else
                            count_mods(outp) if out.endswith('.xml') else None)
            if name != 'cat (floor)' and series[name].runs[-1].status != 0:
                counts[name] = '%s (exit %d)' % (counts[name], series[name].runs[-1].status)
        if counts['bibport'] != entries:
            fail('bibport wrote %s records for %s, which has %d entries' % (counts['bibport'], os.path.basename(path), entries))
        shutil.copyfile(os.path.join(tmp, 'bibport.json'), path + '.json')
        results.append((path, size, entries, series, counts))
        for out in ('cat.out', 'bib2xml.xml', 'pandoc.json', 'bibport.json'):
            p = os.path.join(tmp, out)
            if os.path.exists(p):
                os.remove(p)
    return results


def print_conversions(results):
    rows = []
    for path, size, entries, series, counts in results:
        bp = series['bibport']
        for name, s in series.items():
            ratio_wall = ratio_cpu = ''
            if name in ('bib2xml', 'pandoc'):
                ratio_wall = '%.1fx' % (s.wall / bp.wall)
                ratio_cpu = '%.1fx' % (s.cpu / bp.cpu) if bp.cpu > 0 else ''
            recs = '' if name.startswith('cat') else counts.get(name)
            rows.append([os.path.basename(path), name, f3(s.wall), f3(s.cpu),
                         '%.1f' % rate(size / MB, s.wall), '%.1f' % rate(size / MB, s.cpu),
                         '' if name.startswith('cat') else '%.0f' % rate(entries, s.wall),
                         '%.0f' % s.rss_mb, '%.2f' % (s.rss_mb * MB / size),
                         recs, ratio_wall, ratio_cpu])
    table(rows, ['file', 'tool', 'wall s', 'cpu s', 'MB/s wall', 'MB/s cpu', 'rec/s wall',
                 'peak MB', 'RSS/input', 'records out', 'bibport faster (wall)', '(cpu)'])


def reverse(args, tmp, results):
    """CSL-JSON -> BibTeX on bibport's own output of the largest file."""
    path, size, entries, _, _ = results[-1]
    src = path + '.json'
    jsize = os.path.getsize(src)
    s = Series('bibport csljson->bibtex', src, jsize, entries)
    out = os.path.join(tmp, 'back.bib')
    for r in range(args.runs):
        s.runs.append(run_measured([args.bin, 'convert', '-f', 'csljson', '-t', 'bibtex', '-o', out, src], output_path=out))
    got = count_bib(out)
    if got != entries:
        fail('bibport csljson -> bibtex wrote %d entries for %d items' % (got, entries))
    table([[os.path.basename(src), '%.1f' % (jsize / MB), f3(s.wall), f3(s.cpu),
            '%.1f' % rate(jsize / MB, s.wall), '%.1f' % rate(jsize / MB, s.cpu),
            '%.0f' % s.rss_mb, '%.2f' % (s.rss_mb * MB / jsize), got]],
          ['input', 'MB', 'wall s', 'cpu s', 'MB/s wall', 'MB/s cpu', 'peak MB', 'RSS/input', 'entries out'])
    os.remove(out)
    return s


def formats(args, files):
    """Every reader and writer, in process, on the file of --format-size MB."""
    pick = [f for f in files if f[1] / MB <= args.format_size + 0.5] or files[:1]
    path, size, entries = pick[-1]
    cmd = [args.format_tool, '--source', path, '--runs', str(args.runs)]
    if args.data_dir:
        cmd += ['--data-dir', args.data_dir]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    rows, out = [], []
    for line in proc.stdout.splitlines():
        d = json.loads(line)
        out.append(d)
        ok = d['records'] == d['expected']
        if not ok:
            fail('%s %s: %d records, expected %d' % (d['format'], d['role'], d['records'], d['expected']))
        rows.append([d['format'], d['role'], '%.1f' % (d['bytes'] / MB), f3(d['wall']), f3(d['cpu']),
                     '%.1f' % rate(d['bytes'] / MB, d['wall']), '%.1f' % rate(d['bytes'] / MB, d['cpu']),
                     '%d/%d' % (d['records'], d['expected']) + ('' if ok else ' MISMATCH'),
                     d['errors'] or ''])
    if proc.returncode != 0 and not out:
        fail('bibport_bench_formats failed (exit %d)' % proc.returncode)
    print('source: %s (%d entries); the bytes are each format\'s own text (its reader\'s input, its writer\'s output)\n'
          % (os.path.basename(path), entries))
    table(rows, ['format', 'role', 'MB', 'wall s', 'cpu s', 'MB/s wall', 'MB/s cpu', 'records', 'errors'])
    return out


def startup(args, tmp):
    one = os.path.join(tmp, 'one.bib')
    with open(one, 'w') as fh:
        fh.write('@article{he2020moco,\n  title = {Momentum Contrast for Unsupervised Visual Representation Learning},\n'
                 '  author = {He, Kaiming and Fan, Haoqi and Wu, Yuxin and Xie, Saining and Girshick, Ross},\n'
                 '  journal = {CVPR}, year = {2020}\n}\n')
    n = args.startup_runs
    formats_runs = [run_measured([args.bin, 'formats']) for _ in range(n)]
    one_runs = [run_measured([args.bin, 'convert', '-f', 'bibtex', '-t', 'csljson', one]) for _ in range(n)]
    rows = []
    for name, runs in (('bibport formats', formats_runs), ('one-record bibtex -> csljson', one_runs)):
        rows.append([name, '%.1f' % (statistics.median(r.wall for r in runs) * 1000),
                     '%.1f' % (min(r.wall for r in runs) * 1000),
                     '%.1f' % (statistics.median(r.cpu for r in runs) * 1000),
                     '%.1f' % (max(r.rss_kb for r in runs) / 1024)])
        if runs[-1].status != 0:
            fail('%s exited with %d' % (name, runs[-1].status))
    table(rows, ['command', 'median ms', 'min ms', 'cpu ms', 'peak MiB'])
    return statistics.median(r.wall for r in formats_runs), one


def instructions(args, tmp, files, one):
    """Instructions per input byte under callgrind: total, and marginal (minus start-up)."""
    path, size, _ = files[0]
    def count(src, extra=()):
        outf = os.path.join(tmp, 'cg.out')
        proc = subprocess.run([args.valgrind, '--tool=callgrind', '--callgrind-out-file=' + outf] + list(extra) +
                              [args.bin, 'convert', '-f', 'bibtex', '-t', 'csljson', '-o', os.path.join(tmp, 'cg.json'), src],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        m = re.search(r'Collected : (\d+)', proc.stderr)
        phases = {}
        if m and shutil.which('callgrind_annotate'):
            ann = subprocess.run(['callgrind_annotate', '--inclusive=yes', '--threshold=100', outf],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
            for line in ann.splitlines():
                # Inclusive counts summed over threads (the run streams: the tokenizer runs on
                # two threads, the entries convert on the reader's workers, the writer on its own).
                for key, pat in (('parse', 'Parser::run('), ('convert', 'read_batch('),
                                 ('decode', 'latex::to_unicode'), ('nfc', 'text::nfc'), ('names', 'read_names('),
                                 ('write', '::write_batch(')):
                    if pat in line and key not in phases:
                        phases[key] = int(line.split()[0].replace(',', ''))
        return (int(m.group(1)) if m else None), phases
    base, _ = count(one)
    total, phases = count(path)
    if total is None or base is None:
        print('callgrind failed; no instruction count')
        return None
    marginal = (total - base) / size
    rows = [['whole run', '{:,}'.format(total), '%.0f' % (total / size)],
            ['start-up (one record)', '{:,}'.format(base), ''],
            ['marginal (run - start-up)', '{:,}'.format(total - base), '%.0f' % marginal]]
    for key, label in (('parse', 'reader: tokenizer (Parser::run)'), ('convert', 'reader: entries to records'),
                       ('decode', '  LaTeX decoding'), ('nfc', '  NFC normalisation'), ('names', '  names'),
                       ('write', 'writer (csljson, write_batch)')):
        if key in phases:
            rows.append([label, '{:,}'.format(phases[key]), '%.0f' % (phases[key] / size)])
    print('%s, bibtex -> csljson (Ir = instructions executed, from valgrind --tool=callgrind)\n' % os.path.basename(path))
    table(rows, ['part', 'Ir', 'Ir per input byte'])
    return marginal


def micro(args):
    cmd = [args.micro, '--benchmark_min_time=%g' % args.micro_time]
    subprocess.run(cmd, check=False)


def targets(results, back, fmt, start_wall):
    rows = []
    def check(name, value, goal, ok):
        rows.append([name, value, goal, 'met' if ok else 'MISSED'])
    big = results[-1]
    path, size, entries, series, _ = big
    bp = series['bibport']
    label = os.path.basename(path)
    check('bibtex -> csljson, %s, MB/s wall' % label, '%.1f' % rate(size / MB, bp.wall), '>= 100', rate(size / MB, bp.wall) >= 100)
    check('  same, MB/s of CPU time', '%.1f' % rate(size / MB, bp.cpu), '(info)', True)
    if 'bib2xml' in series:
        r = series['bib2xml'].wall / bp.wall
        check('  x bib2xml (wall, same run)', '%.1fx' % r, '>= 40x', r >= 40)
        r = series['bib2xml'].cpu / bp.cpu
        check('  x bib2xml (CPU, same run)', '%.1fx' % r, '(info)', True)
    if back:
        v = rate(back.size / MB, back.wall)
        check('csljson -> bibtex, MB/s wall', '%.1f' % v, '>= 100', v >= 100)
    for d in fmt:
        if d['role'] == 'read-source':
            continue
        v = rate(d['bytes'] / MB, d['wall'])
        check('%s %s, MB/s wall (in process)' % (d['format'], d['role']), '%.1f' % v, '>= 50', v >= 50)
    sizes = {round(s / MB): (s, ser['bibport']) for _, s, _, ser, _ in results}
    if 10 in sizes and 50 in sizes:
        r = sizes[50][1].wall / sizes[10][1].wall
        rc = sizes[50][1].cpu / sizes[10][1].cpu
        check('linear: 50 MB run / 10 MB run (wall)', '%.2fx' % r, '<= 5.5x', r <= 5.5)
        check('linear: 50 MB run / 10 MB run (CPU)', '%.2fx' % rc, '<= 5.5x', rc <= 5.5)
    m = bp.rss_mb * MB / size
    check('peak memory / input, %s' % label, '%.2fx' % m, '<= 3x', m <= 3)
    check('bibport formats, ms (median)', '%.1f' % (start_wall * 1000), '<= 20', start_wall <= 0.020)
    table(rows, ['target', 'measured', 'goal', 'status'])


# --- main ------------------------------------------------------------------------------------

def main():
    p = argparse.ArgumentParser(description='bibport benchmark (see tests/bench/README.md)')
    p.add_argument('--sizes', default='1 10 50', help='corpus sizes in MB, e.g. "1 10 50"')
    p.add_argument('--runs', type=int, default=3, help='runs per tool and file (the median is shown)')
    p.add_argument('--quick', action='store_true', help='the 1 MB file only, one run, no micro-benchmarks')
    p.add_argument('--skip-pandoc', action='store_true', help='do not run pandoc at all')
    p.add_argument('--pandoc-max', type=float, default=10, help='largest size (MB) given to pandoc (default 10: '
                   'pandoc needs over 1 GB of memory for 10 MB)')
    p.add_argument('--bib2xml-max', type=float, default=1000, help='largest size (MB) given to bib2xml')
    p.add_argument('--format-size', type=float, default=10, help='corpus size (MB) the per-format timings start from')
    p.add_argument('--build', default=os.environ.get('BIBPORT_BUILD_DIR', os.path.join(REPO, 'build')),
                   help='build folder (default: $BIBPORT_BUILD_DIR or <repo>/build)')
    p.add_argument('--bin', help='bibport program (default: BUILD/bin/bibport)')
    p.add_argument('--format-tool', help='bibport_bench_formats (default: BUILD/bin/bibport_bench_formats)')
    p.add_argument('--micro', help='bibport_micro_bench (default: BUILD/bin/bibport_micro_bench)')
    p.add_argument('--no-micro', action='store_true', help='skip the Google Benchmark micro-benchmarks')
    p.add_argument('--micro-time', type=float, default=0.3, help='--benchmark_min_time for the micro-benchmarks')
    p.add_argument('--no-callgrind', action='store_true', help='skip the instruction count')
    p.add_argument('--startup-runs', type=int, default=21)
    p.add_argument('--shared', default=os.environ.get('BIBPORT_SHARED_DIR', os.path.join(os.path.dirname(REPO), 'shared')))
    p.add_argument('--data-dir', default=os.environ.get('BIBPORT_DATA_DIR', ''))
    p.add_argument('--warn-only', action='store_true',
                   help='exit 0 even when a record count is wrong (the problems are still printed)')
    p.add_argument('--keep', action='store_true', help='keep the temporary folder (its path is printed)')
    args = p.parse_args()

    args.sizes = [float(s) if '.' in s else int(s) for s in args.sizes.split()]
    if args.quick:
        args.sizes, args.runs, args.no_micro, args.format_size, args.startup_runs = [1], 1, True, 1, 5
    args.bin = args.bin or os.path.join(args.build, 'bin', 'bibport')
    args.format_tool = args.format_tool or os.path.join(args.build, 'bin', 'bibport_bench_formats')
    args.micro = args.micro or os.path.join(args.build, 'bin', 'bibport_micro_bench')
    for tool in (args.bin, args.format_tool):
        if not os.access(tool, os.X_OK):
            sys.exit('bench: %s not found; build first (cmake --build BUILD --target bibport bibport_bench_formats '
                     'and the plugins) or pass --build/--bin/--format-tool' % tool)
    args.bib2xml = shutil.which('bib2xml')
    args.pandoc = None if args.skip_pandoc else shutil.which('pandoc')
    args.valgrind = None if args.no_callgrind else shutil.which('valgrind')

    tmp = tempfile.mkdtemp(prefix='bibport-bench-')
    try:
        print('# bibport benchmark, %s' % datetime.datetime.now().strftime('%Y-%m-%d %H:%M'))
        cpu = ''
        try:
            with open('/proc/cpuinfo') as fh:
                cpu = next((l.split(':', 1)[1].strip() for l in fh if l.startswith('model name')), '')
        except OSError:
            pass
        print('machine: %s, %d cores visible (%s), load average %s; runs per tool: %d (medians shown)'
              % (platform.machine(), os.cpu_count(), cpu, ' '.join('%.1f' % x for x in os.getloadavg()), args.runs))
        print('bibport: %s' % args.bin)
        for name in ('bib2xml', 'pandoc'):
            path = getattr(args, name)
            print('%s: %s' % (name, path or 'not found (skipped)'))

        files = make_corpus(args, tmp)
        section('BibTeX -> CSL-JSON (bib2xml writes MODS XML), output to a file (bibport: -o, the anchors: standard output)')
        results = conversions(args, tmp, files)
        print_conversions(results)

        section('CSL-JSON -> BibTeX (bibport\'s own output of the largest file)')
        back = reverse(args, tmp, results)

        section('Every reader and writer, in process (bibport_bench_formats)')
        fmt = formats(args, files)

        section('Start-up')
        start_wall, one = startup(args, tmp)

        if args.valgrind:
            section('Instructions per input byte')
            instructions(args, tmp, files, one)

        section('Targets (issue 10)')
        targets(results, back, fmt, start_wall)

        if not args.no_micro and os.access(args.micro, os.X_OK):
            section('Micro-benchmarks (Google Benchmark)')
            sys.stdout.flush()
            micro(args)
        print('\nload average at the end: %s' % ' '.join('%.1f' % x for x in os.getloadavg()))
        if failures:
            print('\n%d correctness problem(s):\n  %s' % (len(failures), '\n  '.join(failures)))
    finally:
        if args.keep:
            print('kept: %s' % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures and not args.warn_only else 0


if __name__ == '__main__':
    sys.exit(main())
