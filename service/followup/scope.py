"""Agencies, places, levels and years: what they name in the archive, as filters of replies."""

from __future__ import annotations

import numpy as np

from indexer import grammar
from service.followup.language import _LEVELS_OF, _LEVEL_LABEL, _place_noun_level
from service.followup.state import Scope, TurnState
from service.gazetteer import gazetteer
from service.retrieve import agency_matches


class ScopeReading:
    """Agencies, places, levels and years: what they name in the archive, as filters of replies."""

    def agency(self, reply_id: str) -> str | None:
        """The reply's agency, from the filter columns held in memory (no reply is read)."""
        columns = self.documents.columns
        return columns.agencies[columns.agency[self.documents.position[reply_id]]]

    def year(self, reply_id: str) -> int | None:
        return int(self.documents.columns.year[self.documents.position[reply_id]]) or None

    def agencies_in(self, text: str) -> tuple[list[str], str]:
        """Agency names as the text writes them (usable as an agency filter, longest first), and the
        text without them and without the places of the archive's agencies (浦东新区民政局 is the
        agency 民政局 in the place 浦东新区: neither names a subject)."""
        agencies, _, rest = self.scope_in(text)
        return agencies, rest

    def scope_in(self, text: str) -> tuple[list[str], list[str], str]:
        """Agencies (with the place written before them), other places, and the text without both."""
        found: list[str] = []
        places: list[str] = []
        # (looked for in the text as written: 锦江 of 锦江区民政局 runs on into an agency's name and is none)
        mentioned = gazetteer().mentions(text)
        for name in self.names.agencies_in(text):
            if name in text:
                # "武侯区民政局": the place written before the agency is part of its name (one 民政局 of many).
                places = [place for place in self.names.places_in(text) if place + name in text]
                written = max(places, key=len) + name if places else name
                text = text.replace(written, " ")
                found.append(written)
        for place in self.names.places_in(text):
            if place in text:
                text = text.replace(place, " ")
                places.append(place)
        # a place no reply of the archive is from, said as a word of its own ("那甘肃的情况呢？", "广东的覆盖率呢？")
        for place in mentioned:
            if place in text and not any(place in other for other in found + places):
                text = text.replace(place, " ")
                places.append(place)
        return found, places, text

    def _referents(self, previous: TurnState) -> list[str]:
        return [r for r in (previous.quoted or previous.scope.reply_ids) if r in self.replies]

    def _named_by_doc_number(self, text: str) -> list[tuple[str, str]]:
        """(reply id, its document number) for each reply whose document number the text writes out,
        found through the answerer's number map, not by visiting replies."""
        _, keys = grammar.referenced_numbers(text)
        candidates = sorted({rid for key in keys for rid in self.numbers.by_document.get(key, ())})
        numbers = [(rid, self.replies[rid].meta.doc_number or "") for rid in candidates]
        return [(rid, number) for rid, number in numbers if number and number in text]

    def _place_to_set_off(self, agency: str | None, noun: str) -> str | None:
        """The place "其他地方/别的区/其他城市" sets off, from a quoted agency: the innermost place, or the
        city (其他城市) or province (其他省份, 外省) it lies in, as the division table says (思明区民政局 lies in
        厦门市, 福建省), else as its name writes it."""
        places = grammar.parse_agency(agency).places if agency else ()
        level = _place_noun_level(noun)
        division = gazetteer().locate(agency)
        if division is not None and level in ("province", "city"):
            return (gazetteer().province(division) if level == "province" else gazetteer().city(division)).name
        if division is not None and not places:  # 宁夏水利厅, 黔东南州民政局: a place the grammar does not split off
            return division.name
        if level in ("province", "city"):
            found = next((place for place in places if grammar.parse_agency(place).level == level), None)
            # 杭州市西湖区 does not write its province: the widest place it does write is set off.
            return found or (places[0] if places else None)
        return places[-1] if places else None

    def _lies_in(self, agency: str | None, places: list[str]) -> bool:
        """Whether an agency belongs to one of the places: by its name (武侯区 of 成都市武侯区民政局), or by the
        division table (思明区民政局 lies in 福建省; a place the table has twice, 鼓楼区, only by name)."""
        if not agency:
            return False
        if any(place in agency for place in places):
            return True
        division = gazetteer().locate(agency)
        return division is not None and any(division.within(d) for p in places if (d := gazetteer().named_alone(p)))

    def _wider(self, wide: str, narrow: str) -> bool:
        """Whether every agency of the archive in `narrow` lies in `wide` too (雁塔区 in 西安市, 西湖区 in 浙江省), so
        that setting off the wider says it; of two with the same agencies, the one of the higher level is wider."""
        inside = self._agencies_in_places([narrow])
        if not inside or not all(self._lies_in(a, [wide]) for a in inside):
            return False
        if not all(self._lies_in(a, [narrow]) for a in self._agencies_in_places([wide])):
            return True

        def rank(place: str) -> int:
            division = gazetteer().named_alone(place)
            return ("province", "city", "district").index(division.level) if division else 3
        return rank(wide) < rank(narrow)

    def _agencies_in_places(self, places: list[str]) -> list[str]:
        """Every agency of the archive in one of the places (full names, from the filter column)."""
        return [a for a in self.documents.columns.agencies if self._lies_in(a, places)]

    def _replies_where(self, test) -> list[str]:
        """The replies whose agency passes `test`, read from the filter columns (once per distinct agency)."""
        columns = self.documents.columns
        inside = np.array([bool(a) and test(a) for a in columns.agencies], dtype=bool)
        return [columns.reply_ids[i] for i in np.flatnonzero(inside[columns.agency])] if len(inside) else []

    def _replies_in_places(self, places: list[str]) -> list[str]:
        """The replies of every agency in one of the places."""
        return self._replies_where(lambda agency: self._lies_in(agency, places))

    @staticmethod
    def _level(agency: str) -> str | None:
        """national, province, city or district, by the division table (重庆市's bodies are of a province's rank)."""
        return gazetteer().level(agency)

    def _around(self, reply_ids: list[str], level: str):
        """The divisions of `level` (province, city, district) the replies' agencies lie in."""
        found = [d for r in reply_ids if (d := gazetteer().locate(self.agency(r)))]
        up = {"province": gazetteer().province, "city": gazetteer().city, "district": lambda d: d}[level]
        return list(dict.fromkeys(up(d) for d in found))

    @staticmethod
    def _kept_to(scope: Scope, replies: list[str]) -> Scope:
        """The scope kept to `replies` as well (nothing, when none is left)."""
        kept = [r for r in scope.reply_ids if r in set(replies)] if scope.reply_ids else replies
        return scope.model_copy(update={"reply_ids": kept, "nowhere": not kept})

    def _national_agencies(self) -> list[str]:
        """The archive's ministries and other bodies of the nation (a few, from the filter column)."""
        return [a for a in self.documents.columns.agencies if a and grammar.parse_agency(a).level == "national"]

    def _replies_of_level(self, level: str, previous: TurnState) -> tuple[list[str], str]:
        """The replies of the bodies of a level (`_LEVELS_OF`), without those of the body the conversation was about,
        and what to call them. "省里呢？" after a county's reply is the province it lies in when the archive has that
        province's replies (福建省的省级部门), else any province's; "上级部门呢？" is the level above the reply's."""
        referents = self._referents(previous)
        quoted = self._subject_agencies(previous, referents)
        if level == "above":
            level = self._level_above(next((a for a in (self.agency(r) for r in referents) if a), None))
            if level is None:
                return [], _LEVEL_LABEL["above"]
        wanted = _LEVELS_OF[level]
        replies = sorted(self._replies_where(lambda a: a not in quoted and self._level(a) in wanted))
        if level in ("province", "city") and (around := self._around(referents, level)):
            # (none, when the archive has no reply of that province: another province's is no answer to "省里呢")
            inside = [r for r in replies if (d := gazetteer().locate(self.agency(r))) and any(d.within(e) for e in around)]
            return inside, f"{'、'.join(e.name for e in around)}的{_LEVEL_LABEL[level]}"
        return replies, _LEVEL_LABEL[level]

    def _subject_agencies(self, previous: TurnState, referents: list[str]) -> set[str | None]:
        """The bodies the turn before was about: those its question named, else the body of the reply quoted first.
        A body of another level the answer quoted beside it is no subject: "全国呢？" after a county's figure and a
        ministry's nationwide one asks for the ministry's (the answer had shown it second)."""
        named, _ = self.agencies_in(previous.topic)
        quoted = [a for r in referents if (a := self.agency(r))]
        subject = {a for a in quoted if any(agency_matches(form, a, self.tokenizer) for form in named)}
        return subject or set(quoted[:1])

    def _level_above(self, agency: str | None) -> str | None:
        """The level of the bodies above an agency: a county's city (a municipality's district: the municipality,
        of a province's rank), a city's province, a province's nation; None above the nation."""
        division = gazetteer().locate(agency)
        if division is not None:
            up = gazetteer().city(division) if division.level == "district" else gazetteer().province(division)
            return up.level if up != division else "national"
        return {"district": "city", "city": "province", "province": "national"}.get(self._level(agency) or "")

    def _abbreviated(self, short: str, nearby: list[str | None]) -> list[str]:
        """The archive's agencies a short form the archive never writes stands for, by the way Chinese names of
        bodies are shortened: characters of the full name kept in order, its first and its generic last kept
        (住建局 for 住房和城乡建设局, 卫健局 for 卫生健康局). Those of the replies just quoted first, else any."""
        core = grammar.parse_agency(short).core
        if len(core) < 3:
            return []

        def shortens(agency: str | None) -> bool:
            full = grammar.parse_agency(agency).core if agency else ""
            rest = iter(full)
            return bool(full) and full[0] == core[0] and full[-1] == core[-1] and all(c in rest for c in core)

        places = grammar.parse_agency(short).places
        for pool in ([a for a in nearby if a], self.documents.columns.agencies):
            meant = list(dict.fromkeys(a for a in pool if shortens(a) and all(p in a for p in places)))
            if meant:
                return meant
        return []

    def _replies_of(self, agencies: list[str]) -> list[str]:
        columns = self.documents.columns
        wanted = np.array([a in agencies for a in columns.agencies], dtype=bool)
        return [columns.reply_ids[i] for i in np.flatnonzero(wanted[columns.agency])] if len(wanted) else []
