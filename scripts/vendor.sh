#!/usr/bin/env bash
# Refresh the front-end files under kinerja/core/static/vendor/ from the npm registry.
# Versions are pinned here and nowhere else; run `make vendor` after changing one.
set -euo pipefail
BOOTSTRAP=5.3.8
BOOTSTRAP_ICONS=1.13.1
HTMX=2.0.7
TOM_SELECT=2.4.3

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/kinerja/core/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
for spec in "bootstrap@$BOOTSTRAP" "bootstrap-icons@$BOOTSTRAP_ICONS" "htmx.org@$HTMX" "tom-select@$TOM_SELECT"; do
  npm pack --silent "$spec" >/dev/null 2>&1
done
for t in *.tgz; do d="${t%.tgz}"; mkdir -p "$d"; tar -xzf "$t" -C "$d"; done

rm -rf "$dest"; mkdir -p "$dest"/{bootstrap,bootstrap-icons/fonts,htmx,tom-select}
cp bootstrap-"$BOOTSTRAP"/package/dist/css/bootstrap.min.css bootstrap-"$BOOTSTRAP"/package/dist/js/bootstrap.bundle.min.js bootstrap-"$BOOTSTRAP"/package/LICENSE "$dest/bootstrap/"
cp bootstrap-icons-"$BOOTSTRAP_ICONS"/package/font/bootstrap-icons.min.css bootstrap-icons-"$BOOTSTRAP_ICONS"/package/LICENSE "$dest/bootstrap-icons/"
cp bootstrap-icons-"$BOOTSTRAP_ICONS"/package/font/fonts/bootstrap-icons.woff2 bootstrap-icons-"$BOOTSTRAP_ICONS"/package/font/fonts/bootstrap-icons.woff "$dest/bootstrap-icons/fonts/"
cp htmx.org-"$HTMX"/package/dist/htmx.min.js htmx.org-"$HTMX"/package/LICENSE "$dest/htmx/"
cp tom-select-"$TOM_SELECT"/package/dist/js/tom-select.complete.min.js tom-select-"$TOM_SELECT"/package/dist/css/tom-select.bootstrap5.min.css tom-select-"$TOM_SELECT"/package/LICENSE "$dest/tom-select/"
# The packages end with a sourceMappingURL comment for .map files we do not ship; collectstatic's manifest
# storage would fail on them (MissingFileError), so drop those comments.
find "$dest" \( -name '*.js' -o -name '*.css' \) -exec sed -i -E '/sourceMappingURL=/d' {} +
cat > "$dest/VERSIONS" <<V
bootstrap $BOOTSTRAP
bootstrap-icons $BOOTSTRAP_ICONS
htmx.org $HTMX
tom-select $TOM_SELECT
V
echo "vendored into $dest"
