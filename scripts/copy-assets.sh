#!/bin/sh
# Copy the front-end files the web app uses from node_modules/ into huurpad/static/vendor/.
# node_modules/ comes from `npm ci` (package-lock.json); huurpad/static/vendor/ is not in git.
set -eu

cd "$(dirname "$0")/.."
src=node_modules
dest=huurpad/static/vendor

for dir in "$src/htmx.org" "$src/@utrecht/component-library-css" \
           "$src/@nl-design-system-unstable/voorbeeld-design-tokens"; do
    [ -d "$dir" ] || { echo "Missing $dir: run 'npm ci' first." >&2; exit 1; }
done

rm -rf "$dest"
mkdir -p "$dest/htmx" "$dest/utrecht" "$dest/voorbeeld-theme"

# htmx: the minified build and its licence.
cp "$src/htmx.org/dist/htmx.min.js" "$dest/htmx/"
cp "$src/htmx.org/LICENSE" "$dest/htmx/"

# NL Design System components (CSS only) from the Utrecht component library.
cp "$src/@utrecht/component-library-css/dist/index.css" "$dest/utrecht/component-library.css"
cp "$src/@utrecht/component-library-css/LICENSE.md" "$dest/utrecht/"

# The NL Design System example theme (design tokens as CSS custom properties, class .voorbeeld-theme).
cp "$src/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css" "$dest/voorbeeld-theme/theme.css"
cp "$src/@nl-design-system-unstable/voorbeeld-design-tokens/LICENSE.md" "$dest/voorbeeld-theme/"

echo "Front-end files copied to $dest"
