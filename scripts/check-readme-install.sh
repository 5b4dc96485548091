#!/usr/bin/env bash
# README's first command exactly as a new user runs it: in a fresh copy of this checkout, a
# fresh venv with the pip that Python bundles (no upgrade), then one `narrator build URL`
# against a page served on 127.0.0.1. The tests' own venv (setup-dev.sh) upgrades pip first,
# so it cannot see a dependency that only a newer pip resolves (issue 18: lxml_html_clean).
# Takes a minute or two: the install, the sample article, one web page.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON3:-python3}
LIMIT_S=${README_INSTALL_LIMIT_S:-900}

work=$(mktemp -d)
server=
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# The checkout as it stands (tracked files, uncommitted edits included), nothing untracked.
mkdir "$work/narrator" "$work/site"
rev=$(git stash create || true)  # a commit of the uncommitted edits, touching nothing; empty when none
git archive "${rev:-HEAD}" | tar -x -C "$work/narrator"

# The first sh block of README.md is the command a new user copies.
cmd=$(awk '/^```sh$/ { inside = 1; next } inside && /^```$/ { exit } inside' README.md)
case "$cmd" in
  "python3 -m venv .venv && .venv/bin/pip install ."*) ;;
  *) echo "check-readme-install: README's first command is not the install line: $cmd" >&2; exit 1 ;;
esac

cat > "$work/site/page.html" <<'EOF'
<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>مياه النيل بين الجفاف والسدود</title></head>
<body><nav><a href="/">الرئيسية</a></nav><main><article><h1>مياه النيل بين الجفاف والسدود</h1>
<p>تواجه دول حوض النيل صيفا أشد حرارة من المعتاد، ويقول خبراء إن الأمطار تأخرت هذا العام.</p>
<h2>تراجع منسوب النهر</h2>
<p>انخفض منسوب النهر عند أسوان انخفاضا ملحوظا، وتراقب الوزارة المحطات كل ساعة.</p>
<h2>مفاوضات متعثرة</h2>
<p>عادت الوفود إلى طاولة الحوار دون اتفاق، ويأمل الوسطاء في جولة جديدة قريبا.</p>
</article></main><footer><p>جميع الحقوق محفوظة</p></footer></body></html>
EOF
"$PY" - "$work/site" > "$work/port" <<'EOF' &
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass
handler = functools.partial(Quiet, directory=sys.argv[1])
with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()
EOF
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")/page.html"

cd "$work/narrator"
echo "check-readme-install: $cmd"
env -u PYTHONPATH -u VIRTUAL_ENV -u PYTHONHOME timeout "$LIMIT_S" bash -c "$cmd" > "$work/install.log" 2>&1 \
  || { tail -n 30 "$work/install.log" >&2; echo "check-readme-install: README's first command failed" >&2; exit 1; }
echo "check-readme-install: $(.venv/bin/pip --version | cut -d' ' -f1-2) in the fresh venv; narrator build $url"
env -u PYTHONPATH timeout 300 .venv/bin/narrator build "$url" --quiet
items=$("$PY" -c 'import sys, xml.etree.ElementTree as et; print(len(et.parse(sys.argv[1]).findall("channel/item")))' feed/feed.xml)
[ "$items" = 2 ] || { echo "check-readme-install: feed.xml has $items items, expected the sample and the page" >&2; exit 1; }
echo "check-readme-install: ok (the sample article and the page are in feed/feed.xml)"
