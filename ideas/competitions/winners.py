"""The public winners list of a released competition, what its cards show.

A winner whose idea has since left the bank (withdrawn by its owner, unpublished by a moderator, consent taken
back) keeps its award on the list: the award was released and its certificate stays verifiable. The card then
shows the award, the category, the jury's remark and the idea's title as the award certificate recorded it
(`data["extra_lines"][0]`, ideas.competitions.certificates; the idea's last title where no valid certificate
records it), and nothing the bank no longer shows: no link, image,
summary, sector or district. A public winner's card shows the idea as the bank does, linked."""

from dataclasses import dataclass

from .certificates import for_entries


@dataclass(frozen=True)
class Winner:
    entry: object
    title: str
    idea: object = None  # the idea-bank entry, only while the bank shows it

    @property
    def is_public(self):
        return self.idea is not None


def recorded_title(certificate):
    """The idea's title on the award certificate, None when there is none (or it has no such line)."""
    lines = (certificate.data or {}).get("extra_lines") if certificate is not None else None
    return lines[0] if lines else None


def winners(competition):
    """The competition's released winners, best award first, in a constant number of queries."""
    if not competition.is_released:
        return []
    entries = list(competition.entries.winners().select_related("idea__image"))
    withdrawn = [entry for entry in entries if not entry.idea.is_public]
    certificates = for_entries(withdrawn) if withdrawn else {}
    rows = []
    for entry in entries:
        if entry.idea.is_public:
            rows.append(Winner(entry, entry.idea.title, entry.idea))
        else:
            rows.append(Winner(entry, recorded_title(certificates.get(entry.pk)) or entry.idea.title))
    return rows
