#!/bin/sh
# The mails round trip: tools/format-patch (make format-patch), run with
# this test's own identity, writes every set; their mails, applied with
# git am in series order to a fresh pristine tree, give exactly the
# quilt-applied tree, and each set applies with git am on its own declared
# base. Every mail is from the sender and signed off by them, passes full
# checkpatch --strict (sign-off included; the queue's exceptions), and
# every cover letter is filled in. A sender that is no one's is refused.
# requires:
# timeout: 1500
. "$(dirname "$0")/lib.sh"

FP=$TOP/tools/format-patch
ID='Round Trip <round-trip@tinify.test>'
out=$T_LOG/mail
rm -rf "$out" && mkdir -p "$out"

# Refusals: an example address, a malformed one, and none at all. A
# refusal exits non-zero and names what to set.
# refused WANT [VAR=VALUE...]: does format-patch, so run, fail saying WANT?
refused() {
	local want r
	want=$1
	shift
	r=$(env "$@" "$FP" 2>&1 >/dev/null) && return 1
	printf '%s\n' "$r" >&2
	printf '%s' "$r" | grep -q -- "$want"
}
check "an example.org sender is refused, naming SENDER" \
	refused "SENDER is 'Nobody <nobody@example.org>'" SENDER='Nobody <nobody@example.org>'
check "a sender without an address is refused" \
	refused "not 'Name <address>'" SENDER=nobody
mkdir -p "$out/home"
check "no sender at all is refused, naming SENDER and git config" \
	refused "set SENDER=.*git config user.name" -u SENDER HOME="$out/home" \
	GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

# The mails.
start=$(date +%s)
MAIL_DIR=$out SENDER=$ID ALLOW_TEST_SENDER=1 "$FP" >"$out/format-patch.log" 2>&1
st=$?
ok "$st" "make format-patch writes every set ($(($(date +%s) - start)) s)"
[ "$st" -eq 0 ] || { tail -5 "$out/format-patch.log" | sed 's/^/# /'; exit 0; }

sets=$(series_sets)
# mails SET: the set's patch mails, in order (not the cover letter)
mails() { find "$out/$1" -name '[0-9]*.patch' ! -name '0000-*' | LC_ALL=C sort; }

for s in $sets; do
	cover=$out/$s/0000-cover-letter.patch
	n=$(mails "$s" | wc -l)
	want=$(set_patches "$s" | wc -l)
	bad=""
	[ "$n" -eq "$want" ] || bad="$bad $n mails for $want patches"
	grep -q '\*\*\* .* HERE \*\*\*' "$cover" && bad="$bad placeholder left"
	grep -q "^Subject: \[PATCH 0/$want\] $(set_field "$s" Title)" "$cover" || bad="$bad Subject"
	grep -q '^base-commit: [0-9a-f]\{40\}$' "$cover" || bad="$bad no base-commit"
	grep -q '^To: ' "$cover" || bad="$bad no To: (get_maintainer.pl)"
	grep -q "^Base: Linux $BASE_VERSION as shipped by Debian" "$cover" || bad="$bad no Base:"
	check "set $s: cover letter and $n [PATCH n/$want] mails${bad:+ (bad:$bad)}" [ -z "$bad" ]
done

# Each mail: from the sender, signed off by them as the last trailer,
# clean under full checkpatch --strict (with the patch's exceptions).
for s in $sets; do
	i=0
	set_patches "$s" >"$out/$s.patches"
	for m in $(mails "$s"); do
		i=$((i + 1))
		p=$(sed -n "${i}p" "$out/$s.patches")
		ignore=$(checkpatch_exceptions "$p")
		bad=""
		grep -q "^From: $ID$" "$m" || bad="$bad From:"
		[ "$(awk '/^---$/ { print last; exit } NF { last = $0 }' "$m")" = "Signed-off-by: $ID" ] ||
			bad="$bad last trailer is not the sender's Signed-off-by"
		log=$T_LOG/mail-checkpatch-${m##*/}.log
		(cd "$SRC" && perl scripts/checkpatch.pl --strict --no-tree --terse --show-types \
			${ignore:+--ignore "$ignore"} "$m") >"$log" 2>&1 || bad="$bad checkpatch (log: ${log#"$TOP"/})"
		check "$s/${m##*/}: from and signed off by the sender, checkpatch --strict clean${ignore:+ (excepted: $ignore)}${bad:+ (bad:$bad)}" \
			[ -z "$bad" ]
		[ -z "$bad" ] || grep -E 'ERROR|WARNING|CHECK' "$log" | head -5 | sed 's/^/# /'
	done
done

# A fresh pristine tree (a sparse checkout of the files the series
# touches, from the import's pristine commit) to git am into.
REPO=$BUILD/mail/repo
tree=$out/tree
# shellcheck disable=SC2046 # patch names have no blanks
patch_files $(series_patches) >"$out/files"
git clone -q --shared --no-checkout "$REPO" "$tree" &&
	git -C "$tree" sparse-checkout set --no-cone --stdin <"$out/files" &&
	git -C "$tree" checkout -q --detach pristine
check "a sparse pristine tree of the $(wc -l <"$out/files") files the series touches" [ $? -eq 0 ]
export GIT_COMMITTER_NAME="Round Trip" GIT_COMMITTER_EMAIL=round-trip@tinify.test

# am SET...: reset the tree to pristine and git am the sets' mails in order
am() {
	local s
	git -C "$tree" am --abort >/dev/null 2>&1
	git -C "$tree" checkout -q --detach -f pristine || return 1
	for s in "$@"; do
		# shellcheck disable=SC2046
		git -C "$tree" am -q $(mails "$s") >>"$out/am.log" 2>&1 || return 1
	done
}

# Each set on its own base: pristine, or the sets its Base: names.
for s in $sets; do
	need=""
	for b in $(set_field "$s" Base); do [ "$b" = pristine ] || need="$need $b"; done
	# shellcheck disable=SC2086
	am $need "$s"
	check "set $s applies with git am on its base ($(set_field "$s" Base))" [ $? -eq 0 ]
done

# Every set in series order gives the quilt-applied tree, file by file.
# shellcheck disable=SC2086
am $sets
check "all sets, git am in series order, apply to the pristine tree" [ $? -eq 0 ]
differ=""
while read -r f; do
	if [ -e "$SRC/$f" ] || [ -e "$tree/$f" ]; then
		cmp -s "$SRC/$f" "$tree/$f" || differ="$differ $f"
	fi
done <"$out/files"
check "the tree is the quilt-applied one, file by file${differ:+ (differ:$differ)}" [ -z "$differ" ]
changed=$(git -C "$tree" diff --name-only pristine HEAD | LC_ALL=C sort)
check "git am changed exactly the files the series touches" \
	[ "$changed" = "$(LC_ALL=C sort "$out/files")" ]
authors=$(git -C "$tree" log --format='%an <%ae>' pristine..HEAD | sort -u)
check "every commit's author is the sender" [ "$authors" = "$ID" ]
rm -rf "$tree"
exit 0
