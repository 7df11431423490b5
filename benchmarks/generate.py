"""Generate a corpus of council plan documents in all five layouts, with the truth behind them.

For N councils x Y plan years x Q quarters it writes text documents shaped like the five
samples in ``examples/`` (tab-separated cells, with their quirks: rows wrapped across
lines and blank lines, page furniture and headings repeated at page tops, cells holding
several people in the forms the samples print, OCR-garbled duplicate title rows in the
action-plan layout, two-digit years, status symbols in the tracker, HTML in comments),
and ``truth.json``: every item each document holds (kind, code, title, owners, members,
boards, deadlines, status, and the id of the piece of work it is: one id per item in all the
reports of a plan year), every person with the spellings printed for them, the documents that
are copies of another under a new name (``duplicates``), and the lineage pairs (the same piece of work in consecutive loaded plan years: a carried activity,
and a milestone kept or planned again under it, see ``_Writer._milestones``).

A council's plan carries forward from year to year: unfinished activities mostly stay
(sometimes reworded, mostly with the same owners and priority), new ones join, finished
ones leave. Each council uses one layout per era (a few years), so every layout appears
and lineage crosses layout changes as it does in the samples. Officers (20-80 a council)
recur across years; a few documents print a name with a slip ("Amanda Marcus",
"Dianna Warne", "Judith St. John").

With several reports a plan year, each report's title names its quarter ("Quarter 3", "Q3
Update", "position at 31 December 2017", "End of Year Monitoring"); statuses move on from quarter
to quarter, a few milestones join in a later quarter or stop being printed, and a few have their
deadline moved three months on from some quarter (``_fate``).

Deterministic from ``seed``: council ``c`` is the same in every size, so the medium corpus
is the first half of the large one (its councils), which is what the growth check needs.

    python -m benchmarks.generate --size small --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 4  # bump when the generated text or its truth changes (the runner regenerates a cached corpus)
LAYOUTS = ["overdue-report", "monitoring-appendix", "action-plan", "quarterly-report", "improvement-tracker"]

# councils, plan years, quarters, activities per council-year (min, max)
SIZES: dict[str, dict] = {
    "tiny": {"councils": 1, "years": 5, "quarters": 1, "activities": (12, 20), "start": 2007},
    "small": {"councils": 3, "years": 5, "quarters": 2, "activities": (45, 85), "start": 2007},
    "medium": {"councils": 14, "years": 13, "quarters": 4, "activities": (45, 85), "start": 2006},
    "large": {"councils": 28, "years": 13, "quarters": 4, "activities": (45, 85), "start": 2006},
}

# ------------------------------------------------------------------ vocabulary

FIRST = """Aaron Abdul Adrian Afia Aisha Alan Alex Alison Amanda Amir Andreas Andy Angela Ann Anne Anwar
Asmat Ayesha Barbara Bozena Brian Carol Catherine Chris Christine Claire Colin Dale Dan Dave David
Debbie Deborah Denise Derek Diana Dipti Duncan Eleanor Emma Esther Farida Fiona Frances Gareth Gemma
Graham Hamid Hannah Heather Helen Ian Imran Irene Jackie Jamal James Jamie Jane Janet Jason Jill John
Jonathan Josephine Judith Julie Karen Kate Keith Kevin Laura Leon Lesley Louise Lucy Luke Mahbub Mark
Martin Mary Matthew Michael Minesh Mohammed Nadia Nancy Naveed Neil Neville Nicola Nina Owen Patrick
Paul Peter Philippa Rachel Rafiq Raj Rebecca Richard Rita Robin Roger Rosa Roy Ruth Sally Samira Sarah
Shazia Sharon Simon Somen Sophie Stephen Steve Sue Tahir Takki Teresa Tom Tony Una Vicky Will Yasmin Zena""".split()
LAST = """Abbott Adeyemi Ahmed Akhtar Allen Ashworth Bamber Banerjee Barker Baigent Beattie Begum Bennett
Bingham Bishop Blake Bowen Bradley Brennan Brooks Campbell Canning Carter Chowdhury Christophorou Clark
Cohen Collins Cooke Cormack Crawford Daley Dawson Dixon Doyle Duncan Edwards Elliott Evans Farrell Finch
Fisher Fletcher Foster Francis Gibson Godman Gorst Graham Grant Greene Hall Harcus Harding Harper Harris
Hart Hayes Hill Holme Hopkins Howard Hughes Hussain Islam Jani Jenkins Johnson Jones Kaur Kelly Khan
Kilbey Knight Lambert Lawrence Lewis Liddicott Lloyd Marshall Mason McInnes Meehan Miah Mills Mitchell
Moore Morgan Morris Murphy Murton Nash Norris Odunoye Ormsby Owen Palmer Parker Patel Paulin Pearce
Perry Phillips Porter Powell Price Quinn Radley Rahman Reid Reynolds Richards Roberts Robinson Russell
Rutherford Saunders Scott Shaw Simpson Smith Spencer Stamp Stevens Stone Sugars Sulaiman Sutcliffe
Symonds Taylor Thomas Thompson Trenchard Tuckley Turner Uddin Walker Walsh Ward Warne Watson Webb West
Whalley White Williams Wilson Wood Wright Young""".split()
PARTICLE_LAST = ["St John", "St Clair", "O'Brien", "O'Neill", "De Souza"]

THEMES = [
    "A Great Place to Live", "A Prosperous Community", "A Safe and Cohesive Community",
    "A Healthy and Supportive Community", "One Council", "A Greener Borough", "Excellent Public Services",
    "Learning, Achievement and Leisure", "Living Well", "Creating and Sharing Prosperity",
]
PRIORITIES = [
    "Provide good quality affordable housing", "Maintain and improve the quality of housing",
    "Improve the local environment and public realm", "Provide effective local services and facilities",
    "Improve local transport links and connectivity", "Develop stronger communities",
    "Improve educational aspiration and attainment", "Support young people to realise their potential",
    "Foster enterprise and entrepreneurship", "Increase employment and skills",
    "Focus on crime and anti-social behaviour", "Reduce the fear of crime",
    "Reduce health inequalities and promote healthy lifestyles", "Enable people to live independently",
    "Provide excellent primary and community care", "Keep vulnerable children, adults and families safer",
    "Reduce inequalities", "Work efficiently and effectively as one council",
    "Manage the impact of welfare reform on local residents", "Improve air quality and reduce carbon emissions",
    "Increase recycling and reduce waste", "Improve customer access to services",
    "Strengthen governance and transparency", "Make best use of council assets",
    "Promote community cohesion", "Support older people to stay healthy",
]
VERBS = ["Deliver", "Improve", "Develop", "Implement", "Increase", "Reduce", "Expand", "Review", "Support",
         "Promote", "Establish", "Embed", "Launch", "Strengthen", "Tackle", "Refresh", "Co-ordinate",
         "Commission", "Extend", "Modernise"]
OBJECTS = [
    "the supply of affordable family-sized homes", "the number of council homes that fall below a decent standard",
    "homelessness prevention and housing options", "the quality of housing services", "private rented sector standards",
    "the Local Plan and site allocations", "street cleanliness and enforcement", "household recycling rates",
    "air quality monitoring", "the cycle network and safer streets", "parks, playgrounds and open spaces",
    "the youth service offer", "early help for vulnerable families", "the number of children achieving good GCSEs",
    "school places for a growing population", "adult social care assessments", "support to carers",
    "direct payments and personal budgets", "the integration of health and social care", "smoking cessation services",
    "healthy weight programmes for children", "the apprenticeship programme", "employment support for young people",
    "business support for small enterprises", "the town centre improvement programme", "market trading and street markets",
    "community safety partnership working", "anti-social behaviour enforcement", "domestic violence support services",
    "the Prevent delivery plan", "volunteering opportunities", "local community ward forums", "equality and diversity training",
    "staff sickness absence management", "the ICT infrastructure", "online self-service options", "council tax collection",
    "procurement savings", "the asset management strategy", "the customer contact centre", "the corporate risk register",
    "the scrutiny work programme", "the workforce development plan", "the carbon reduction programme",
    "library and Idea Store services", "the leisure centre programme", "sports participation among older residents",
    "fuel poverty advice", "the welfare reform advice service", "the Tackling Poverty strategy", "the transparency protocol",
    "the capital programme", "the community infrastructure levy", "the regeneration delivery plan",
    "the local welfare provision scheme", "support for care leavers", "placement stability for looked after children",
    "the adoption service", "mental health support in schools", "the healthy workplace charter",
    "the road safety programme", "the tree planting programme", "the street lighting replacement programme",
    "the parking enforcement plan", "the licensing regime for houses in multiple occupation",
    "graffiti and fly-tipping removal", "the food safety inspection programme", "the civic centre project",
    "the partnership consultation framework", "the performance management framework", "the digital inclusion programme",
]
QUALIFIERS = ["", "", "", " across the borough", " in {place}", " at {place}", " for older residents",
              " through partnership working", " with local partners", " in {place} and {place2}",
              " for residents most in need", " within existing resources", " in line with the new strategy"]
PLACES = """Northgate Eastfield Riverside Millbrook Ashford Kingsmead Harbour Hillcrest Bridgeton Oakwood
Southwark Westbury Elmstead Greenway Fairfield Marshside Bankside Highfield Lowfield Parkhurst Stonebridge
Brookvale Cedarwood Thornbury Redcliffe Whitmore Larkhill Sandgate Fenwick Ironbridge Canalside Docklands
Mile Cross Old Town Castle Ward Abbey Ward Church Hill Market Square Station Road Victoria Park""".split()

M_TEMPLATES = [
    "Complete consultation on {obj}", "Report progress on {obj} to Cabinet", "Agree the delivery plan for {obj}",
    "Procure a contractor for {obj}", "Launch {obj} in {place}", "Review the impact of {obj}",
    "Publish an annual report on {obj}", "Secure funding for {obj}", "Recruit a project team for {obj}",
    "Hold {n} engagement events on {obj}", "Deliver phase {n} of {obj}", "Evaluate the pilot of {obj}",
    "Complete the business case for {obj}", "Train {n0} staff on {obj}", "Set targets for {obj}",
    "Sign off the action plan for {obj}", "Map demand for {obj}", "Start on site for {obj} in {place}",
]
SENTENCES = [
    "Work is progressing well and is on track to complete by year end.",
    "The project has been delayed due to contractor availability.",
    "Consultation closed in {month} and the results are being analysed.",
    "A report will go to Cabinet in {month} {yyyy}.",
    "Funding of £{k}k has been secured from the GLA.",
    "{n0} residents have been supported to date – above the target of {n1}.",
    "The milestone was completed ahead of schedule.",
    "Delays in procurement mean this will now complete in {month}.",
    "Partners have agreed the approach and the working group meets monthly.",
    "Performance is below target; a recovery plan is in place.",
    "This has been re-profiled following the budget review.",
    "Phase 1 is complete; phase 2 is due to start in {month}.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PORTFOLIOS = ["Work and Economic Growth", "Strategic Development", "Health and Adult Services", "Environment",
              "Culture", "Resources", "Housing Management and Performance", "Community Safety",
              "Education and Children's Services", "Regeneration", "Transport", "Equalities"]
BOARD_NAMES = ["Transformation Board", "Regeneration Board", "Asset Management Working Group", "Corporate Equalities Board",
               "Digital Portfolio Board", "Performance Improvement Board", "Children's Services Improvement Board",
               "Tower Partnership Executive Group", "Grants Scrutiny Sub-committee", "Overview & Scrutiny Committee",
               "Frontline Services Board", "Health and Wellbeing Board", "Standards Advisory Committee",
               "Crime & Anti-social Behaviour Board", "Organisation and Culture Programme Board", "CLT"]
# directorate families: the abbreviation printed in each era (reorganisations rename them)
DIRECTORATES = [("CE's", "LPG", "GOV"), ("D&R", "D&R", "PLACE"), ("CLC", "CLC", "PLACE"), ("ESW", "ESW", "CS"),
                ("Resources", "RES", "RES"), ("ESW", "ESW", "HAC")]
OCR = {"e": "c", "h": "b", "o": "a", "r": "n", "l": "i", "u": "v", "a": "o", "s": "e", "c": "e", "m": "rn",
       "R": "P", "G": "C", "d": "cl", "t": "f", "n": "h"}

# ------------------------------------------------------------------ model


@dataclass
class Officer:
    pid: str
    name: str
    family: int  # index into DIRECTORATES
    variants: list[str]  # spellings a document may print instead (slips)


@dataclass
class Milestone:
    mid: str
    title: str
    owners: list[int]  # officer indexes
    deadline: str  # dd/mm/yyyy
    outcome: str  # completed | late
    # what the deliverable is, apart from its activity's subject: the template with its place
    # and numbers filled in ("Deliver phase 3 of {obj}")
    recipe: str = ""
    dated: bool = False  # a second one of its recipe in its plan, its title told apart by a date


@dataclass
class Activity:
    wid: str
    slot: int  # index into the council's priorities
    title: str
    owners: list[int]
    members: list[str]  # portfolios (quarterly report)
    councillors: list[str]  # named councillors (action plan)
    boards: list[str]
    deadline: str
    outcome: str  # completed | late | ontrack
    milestones: list[Milestone] = field(default_factory=list)
    carried: bool = False  # printed last year too


@dataclass
class Council:
    idx: int
    slug: str
    places: list[str]
    themes: list[str]
    priorities: list[tuple[int, int, str]]  # (theme number, priority number, title)
    officers: list[Officer]
    councillors: list[str]
    portfolios: list[str]
    boards: list[str]


class _Names:
    """Globally unique officer names and spellings (so a printed name says whose it is)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self) -> str:
        while True:
            first = self.rng.choice(FIRST)
            last = self.rng.choice(PARTICLE_LAST) if self.rng.random() < 0.02 else self.rng.choice(LAST)
            if self.rng.random() < 0.05:
                last = f"{self.rng.choice(LAST)}-{self.rng.choice(LAST)}"
            name = f"{first} {last}"
            if name not in self.used:
                self.used.add(name)
                return name

    def slip(self, name: str) -> str | None:
        """A spelling slip of ``name`` the samples show: one letter, a doubled letter, a dot."""
        first, _, last = name.partition(" ")
        options = []
        if last.startswith("St "):
            options.append(f"{first} St. {last[3:]}")
        # OCR slip of one letter in the surname ("Harcus" -> "Marcus")
        for i, ch in enumerate(last):
            if ch.isalpha() and i > 0 and ch.lower() in "aeiou" and len(last) > 4:
                options.append(f"{first} {last[:i]}{'e' if ch != 'e' else 'a'}{last[i + 1:]}")
                break
        if last[0] in "HMNBR" and len(last) > 4:
            options.append(f"{first} {dict(H='M', M='H', N='M', B='R', R='B')[last[0]]}{last[1:]}")
        # a doubled consonant in the first name ("Diana" -> "Dianna")
        m = re.search(r"([aeiou])([nlrt])([aeiou])", first)
        if m and len(first) > 3:
            options.append(f"{first[:m.start(2)]}{m.group(2)}{first[m.start(2):]} {last}")
        options = [o for o in options if o not in self.used]
        if not options:
            return None
        slip = self.rng.choice(options)
        self.used.add(slip)
        return slip


def _title_case_obj(obj: str) -> str:
    return obj


class _Writer:
    """Builds one council's plans year by year."""

    def __init__(self, c: int, seed: int, names: _Names, acts: tuple[int, int]) -> None:
        self.rng = random.Random(seed * 100003 + c)
        rng = self.rng
        self.acts = acts
        places = rng.sample(PLACES, 8)
        themes = rng.sample(THEMES, rng.randint(4, 5))
        pri_pool = rng.sample(PRIORITIES, len(PRIORITIES))
        priorities = []
        k = 0
        for t in range(1, len(themes) + 1):
            for p in range(1, rng.randint(3, 5) + 1):
                priorities.append((t, p, pri_pool[k % len(pri_pool)]))
                k += 1
        n_off = rng.randint(20, 80)
        officers = []
        for i in range(n_off):
            name = names.new()
            variants = []
            if rng.random() < 0.25:
                slip = names.slip(name)
                if slip:
                    variants.append(slip)
            officers.append(Officer(pid=f"c{c:02d}p{i:03d}", name=name, family=rng.randrange(len(DIRECTORATES)),
                                    variants=variants))
        councillors = []
        for _ in range(rng.randint(6, 10)):
            councillors.append(f"Cllr {names.new()}")
        self.council = Council(
            idx=c, slug=f"council{c:02d}", places=places, themes=themes, priorities=priorities, officers=officers,
            councillors=councillors, portfolios=[f"Cabinet Member for {p}" for p in rng.sample(PORTFOLIOS, 6)],
            boards=rng.sample(BOARD_NAMES, 8),
        )
        self.activities: list[Activity] = []
        self.wseq = 0
        self.mseq = 0
        self.titles: set[str] = set()

    # ---------------------------------------------------------- generation of one year
    def _title(self) -> str:
        rng = self.rng
        for _ in range(100):
            qual = rng.choice(QUALIFIERS).format(place=rng.choice(self.council.places),
                                                 place2=rng.choice(self.council.places))
            title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{qual}"
            if title not in self.titles:
                self.titles.add(title)
                return title
        self.wseq += 1
        return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} (programme {self.wseq})"

    def _owners(self, around: list[int] | None = None) -> list[int]:
        rng = self.rng
        n = rng.choices([1, 2, 3], weights=[78, 17, 5])[0]
        pool = range(len(self.council.officers))
        owners = rng.sample(pool, n)
        if around and rng.random() < 0.85:
            return list(around)
        return owners

    def _date(self, year: int, quarter_end: bool = True) -> str:
        rng = self.rng
        month = rng.choice([6, 9, 12, 3, 3, 3, 7, 10, 1, 5, 11, 2] if not quarter_end else [6, 9, 12, 3, 3])
        y = year + 1 if month <= 3 else year
        last = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}[month]
        if month == 2 and y % 4 == 0:
            last = 29
        return f"{last:02d}/{month:02d}/{y}"

    def _milestones(self, act: Activity, year: int, keep: list[Milestone], last: list[Milestone]) -> list[Milestone]:
        """The activity's milestones this year: ``keep`` (late ones carried with it) and new ones.

        A new milestone that repeats one of ``last`` (the activity's milestones last year) is the
        same deliverable again, and keeps its id: the samples print recurring deliverables under a
        carried activity with the same title ("Review annual projections and adjust short, medium
        and long term planning accordingly", completed in 2012/13 and planned again in 2014/15) or
        reworded with it ("Complete implementation of [existing] expansion schemes"), and nothing
        in the text could tell a new instance from the old one. "Repeats" means the same template
        with the same place and numbers: "Deliver phase 3" after "Deliver phase 2", or "Launch ...
        in Northgate" after "... in Riverside", is a different deliverable. A title made unique
        by a date ("Set targets for X (September 2016)", a second one that year) repeats one
        without a date, as a deadline added to a title does in the samples ("... (April 2012)"),
        but not one with another date."""
        rng = self.rng
        out = list(keep)
        n = rng.randint(1, 6)
        used = {m.title for m in out}
        kept = {k.mid for k in keep}
        again: dict[str, list[Milestone]] = {}  # recipe -> last year's not kept, undated first
        for m in sorted(last, key=lambda m: m.dated):
            if m.recipe and m.mid not in kept:
                again.setdefault(m.recipe, []).append(m)
        obj = act.title.split(" ", 1)[1]
        obj = re.sub(r" (in|at|for|through|with|within|across) .*$", "", obj)
        while len(out) < n:
            recipe = rng.choice(M_TEMPLATES).format(obj="{obj}", place=rng.choice(self.council.places),
                                                    n=rng.randint(2, 4), n0=rng.randint(20, 400))
            t, dated = recipe.format(obj=obj), False
            if t in used:
                # a second deliverable of the same kind this year, told apart by its date
                t, dated = f"{t} ({MONTHS[rng.randrange(12)]} {year + 1})", True
                if t in used:
                    continue
            used.add(t)
            before = next((m for m in again.get(recipe, []) if not (dated and m.dated)), None)
            if before is None:
                self.mseq += 1
            else:
                again[recipe].remove(before)
            out.append(Milestone(mid=before.mid if before else f"{self.council.slug}m{self.mseq:05d}", title=t,
                                 owners=act.owners if rng.random() < 0.85 else self._owners(), deadline=self._date(year, False),
                                 outcome="completed", recipe=recipe, dated=dated))
        late = act.outcome == "late"
        for m in out:
            m.outcome = "late" if (late and rng.random() < 0.5) else ("late" if rng.random() < 0.12 else "completed")
        if late and not any(m.outcome == "late" for m in out):
            out[-1].outcome = "late"
        return out

    def _new_activity(self, year: int, slot: int | None = None) -> Activity:
        rng = self.rng
        self.wseq += 1
        c = self.council
        act = Activity(
            wid=f"{c.slug}w{self.wseq:05d}", slot=rng.randrange(len(c.priorities)) if slot is None else slot,
            title=self._title(), owners=self._owners(), members=rng.sample(c.portfolios, rng.choices([1, 2], [75, 25])[0]),
            councillors=rng.sample(c.councillors, rng.choices([1, 2], [80, 20])[0]), boards=rng.sample(c.boards, rng.choices([1, 2, 3], [60, 30, 10])[0]),
            deadline=self._date(year), outcome="completed",
        )
        return act

    def _reword(self, title: str) -> str:
        rng = self.rng
        verb, _, rest = title.partition(" ")
        choices = [
            lambda: f"Seek to {verb.lower()} {rest}",
            lambda: f"Continue to {verb.lower()} {rest}",
            lambda: f"Further {verb.lower()} {rest}" if verb in ("Improve", "Develop", "Expand", "Strengthen") else f"{verb} and monitor {rest}",
            lambda: title.replace(" council ", " Council ") if " council " in title else title.replace(" and ", " & ", 1) if " and " in title else f"{title} further",
            lambda: re.sub(r" (across the borough|with local partners|through partnership working)$", "", title) if re.search(r" (across the borough|with local partners|through partnership working)$", title) else f"{title} across the borough",
        ]
        return rng.choice(choices)()

    def year(self, k: int, year: int) -> list[Activity]:
        """The council's activities in plan year ``year`` (carrying forward from the last)."""
        rng = self.rng
        prev = self.activities
        acts: list[Activity] = []
        last: dict[str, list[Milestone]] = {}  # carried activity -> its milestones last year
        for a in prev:
            go_on = a.outcome != "completed" and rng.random() < 0.8 or a.outcome == "completed" and rng.random() < 0.3
            if not go_on:
                continue
            title = self._reword(a.title) if rng.random() < 0.3 else a.title
            if title in self.titles and title != a.title:
                title = a.title
            self.titles.add(title)
            keep = [Milestone(m.mid, m.title, m.owners, self._date(year, False), m.outcome, m.recipe, m.dated)
                    for m in a.milestones if m.outcome == "late" and rng.random() < 0.5]
            b = Activity(wid=a.wid, slot=a.slot, title=title, owners=self._owners(a.owners), members=a.members,
                         councillors=a.councillors, boards=a.boards, deadline=self._date(year), outcome="completed",
                         carried=True)
            b.milestones = keep
            last[a.wid] = a.milestones
            acts.append(b)
        target = rng.randint(*self.acts)
        while len(acts) < target:
            acts.append(self._new_activity(year))
        for a in acts:
            a.outcome = rng.choices(["completed", "late", "ontrack"], [55, 30, 15])[0]
            a.milestones = self._milestones(a, year, a.milestones, last.get(a.wid, []))
        acts.sort(key=lambda a: (a.slot, a.wid))
        self.activities = acts
        return acts


# ------------------------------------------------------------------ rendering helpers


class _Doc:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.items: list[dict] = []

    def add(self, line: str = "") -> int:
        self.lines.append(line)
        return len(self.lines)

    def item(self, line: int, kind: str, title: str, **fields) -> dict:
        rec = {"line": line, "kind": kind, "title": title, "code": None, "owners": [], "directorates": [],
               "members": [], "boards": [], "deadlines": [], "status": None, "percent": None, "id": None}
        rec.update(fields)
        self.items.append(rec)
        return rec

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _iso(date: str) -> str:
    d, m, y = date.split("/")
    y = int(y) + 2000 if len(y) == 2 else int(y)
    return f"{y:04d}-{int(m):02d}-{int(d):02d}"


def _yy(date: str) -> str:
    d, m, y = date.split("/")
    return f"{d}/{m}/{y[2:]}"


def _fate(mid: str) -> tuple[int, int, int]:
    """(first quarter printed, last quarter printed, quarter from which its deadline is printed moved
    (5: never)) of the milestone ``mid``: the same in every report of its plan year (seeded by its
    id alone, so the rest of the corpus's random draws do not change with it)."""
    r = random.Random(f"fate:{mid}")
    x = r.random()
    first, last = (r.choice([2, 3, 4]), 4) if x < 0.03 else (1, r.choice([2, 3])) if x < 0.06 else (1, 4)
    moved = r.choice([2, 3, 4]) if r.random() < 0.08 else 5
    return first, last, moved


def _later(date: str) -> str:
    """``date`` (dd/mm/yyyy) moved to the last day of the month three months on."""
    _, m, y = date.split("/")
    month, year = int(m) + 3, int(y)
    if month > 12:
        month, year = month - 12, year + 1
    last = {1: 31, 2: 29 if year % 4 == 0 else 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31,
            11: 30, 12: 31}[month]
    return f"{last:02d}/{month:02d}/{year}"


def _plan_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


class _Renderer:
    def __init__(self, w: _Writer, year: int, era: int, quarter: int, quarters: int) -> None:
        self.w = w
        self.c = w.council
        self.rng = random.Random(w.rng.random())
        self.year = year
        self.era = era
        self.quarter = quarter  # 1..4
        self.quarters = quarters  # reports a year (several: each names its quarter, milestones come and go)
        self.final = quarter == 4
        self.slips: dict[int, str] = {}
        for i, o in enumerate(self.c.officers):
            if o.variants and self.rng.random() < 0.15:
                self.slips[i] = self.rng.choice(o.variants)
        self.people: dict[str, set[str]] = {}  # pid -> names printed

    # reports --------------------------------------------------------------
    def title_line(self, what: str = "Strategic Plan") -> str:
        """The report's title naming its quarter, in one of the forms councils print: "Quarter 3",
        "Q3 Update", "position at 31 December 2017", "End of Year Monitoring"."""
        label, q = _plan_label(self.year), self.quarter
        day = {1: f"30 June {self.year}", 2: f"30 September {self.year}", 3: f"31 December {self.year}",
               4: f"31 March {self.year + 1}"}[q]
        forms = [f"{what} {label} Quarter {q} Monitoring Report", f"{label} {what} - Q{q} Update",
                 f"{what} {label}: progress, position at {day}"]
        if self.final:
            forms.append(f"{what} {label} End of Year Monitoring")
        return self.rng.choice(forms)

    def printed(self, m: Milestone) -> tuple[bool, str]:
        """Whether this report prints milestone ``m``, and the deadline it prints (dd/mm/yyyy): with
        several reports a year, a few milestones join in a later quarter or stop being printed, and a
        few have their deadline moved three months on from some quarter (``_fate``)."""
        if self.quarters <= 1:
            return True, m.deadline
        first, last, moved = _fate(m.mid)
        return first <= self.quarter <= last, _later(m.deadline) if self.quarter >= moved else m.deadline

    # people ---------------------------------------------------------------
    def name(self, i: int) -> str:
        o = self.c.officers[i]
        printed = self.slips.get(i, o.name)
        self.people.setdefault(o.pid, set()).add(printed)
        return printed

    def dirn(self, i: int) -> str:
        return DIRECTORATES[self.c.officers[i].family][self.era]

    def owner_cell(self, owners: list[int], style: str) -> tuple[str, list[str], list[str]]:
        """The printed cell, the owner names, the directorates (as printed, in order)."""
        rng = self.rng
        names = [self.name(i) for i in owners]
        dirs = [self.dirn(i) for i in owners]
        uniq_dirs = list(dict.fromkeys(dirs))
        if style == "tracker":
            return "; ".join(names), names, []
        if len(owners) == 1:
            return f"{names[0]} ({dirs[0]})", names, uniq_dirs
        same = len(uniq_dirs) == 1
        if style == "appendix":
            if same and len(names) == 2:
                sep = rng.choice([" and ", " & "])
                return f"{names[0]}{sep}{names[1]} ({dirs[0]})", names, uniq_dirs
            if same:
                return ", ".join(names[:-1]) + f" and {names[-1]} ({dirs[0]})", names, uniq_dirs
            sep = rng.choice([" and ", " "])
            return sep.join(f"{n} ({d})" for n, d in zip(names, dirs, strict=True)), names, uniq_dirs
        # quarterly / action plan
        if same and style == "quarterly" and len(names) == 2 and rng.random() < 0.1:
            return f"{names[0]} {names[1]} ({dirs[0]})", names, uniq_dirs  # no separator, as printed
        if same:
            return ", ".join(names) + f" ({dirs[0]})", names, uniq_dirs
        sep = rng.choice([" / ", " / ", " "])
        return sep.join(f"{n} ({d})" for n, d in zip(names, dirs, strict=True)), names, uniq_dirs

    def comment(self, n: int | None = None) -> str:
        rng = self.rng
        n = n if n is not None else rng.choice([0, 1, 1, 2, 3])
        out = []
        for _ in range(n):
            s = rng.choice(SENTENCES).format(month=rng.choice(MONTHS), yyyy=self.year + 1, k=rng.randint(20, 900),
                                             n0=rng.randint(10, 500), n1=rng.randint(10, 400))
            out.append(s)
        return " ".join(out)

    def status(self, outcome: str, kind: str = "appendix") -> tuple[str, int]:
        rng = self.rng
        q = self.quarter
        if outcome == "completed" and (self.final or rng.random() < 0.25 * q):
            return ("Completed", 100)
        if outcome == "late" and (self.final or q >= 2 and rng.random() < 0.5):
            pct = rng.randrange(10, 95, 5)
            return ("Overdue" if kind == "appendix" else rng.choice(["Delayed", "Overdue"]), pct)
        if self.final and outcome == "ontrack":
            return ("Overdue" if kind == "appendix" else "Delayed", rng.randrange(50, 95, 5))
        return ("On Target", min(95, rng.randrange(10, 40, 5) + 20 * q))

    def priorities_of(self, acts: list[Activity]) -> list[tuple[tuple[int, int, str], list[Activity]]]:
        by: dict[int, list[Activity]] = {}
        for a in acts:
            by.setdefault(a.slot, []).append(a)
        return [(self.c.priorities[s], by[s]) for s in sorted(by)]

    def wrap(self, text: str) -> tuple[str, str]:
        words = text.split(" ")
        cut = max(1, min(len(words) - 1, len(words) // 2 + self.rng.randint(-1, 1)))
        return " ".join(words[:cut]), " ".join(words[cut:])

    # layouts --------------------------------------------------------------
    def monitoring_appendix(self, acts: list[Activity]) -> _Doc:
        rng, d = self.rng, _Doc()
        d.add()
        d.add(self.title_line() if self.quarters > 1 else "")
        since_break = 0
        themes_done: dict[int, dict] = {}
        status_hdr = "Status" if self.final else rng.choice(["Status", f"Q{self.quarter} Status"])
        for (t, p, ptitle), pacts in self.priorities_of(acts):
            theme = self.c.themes[t - 1]
            bare = rng.random() < 0.2
            line = d.add(theme if bare else f"{theme}\t\t\t\t\t")
            if bare:
                d.add()
            if t not in themes_done:
                themes_done[t] = d.item(line, "theme", theme)
            line = d.add(f"Priority {t}.{p}: {ptitle}" if bare else f"Priority {t}.{p}: {ptitle}\t\t\t\t\t")
            if bare:
                d.add()
            pri = d.item(line, "priority", ptitle, code=f"{t}.{p}", parent=theme)
            since_break += 3
            for a in pacts:
                if since_break > rng.randint(18, 40):
                    d.add()
                    d.add("APPENDIX 7 - STRATEGIC PLAN MONITORING")
                    d.add()
                    since_break = 0
                d.add("Activity\tLead Officer\tDeadline\tStatus\t% Comp\tComments")
                st, pct = self.status(a.outcome)
                cell, names, dirs = self.owner_cell(a.owners, "appendix")
                com = self.comment()
                line = d.add(f"{a.title}\t{cell}\t{a.deadline}\t{st}\t{pct}%\t{com}")
                if com and len(com) > 60 and rng.random() < 0.03:
                    first, rest = self.wrap(com)
                    d.lines[-1] = f"{a.title}\t{cell}\t{a.deadline}\t{st}\t{pct}%\t{first}"
                    d.add(rest)
                d.item(line, "activity", a.title, owners=names, directorates=dirs, deadlines=[_iso(a.deadline)],
                       status=st, percent=pct, parent=pri["code"], id=a.wid)
                d.add(f"Milestone\tLead Officer\tDeadline\t{status_hdr}\t%\tComments")
                since_break += 2
                for m in a.milestones:
                    shown, deadline = self.printed(m)
                    if not shown:
                        continue
                    st, pct = self.status(m.outcome)
                    cell, names, dirs = self.owner_cell(m.owners, "appendix")
                    dl, pct_cell, dls = deadline, f"{pct}%", [_iso(deadline)]
                    if rng.random() < 0.01:
                        early = f"30/{rng.choice(['04', '06', '09'])}/{self.year}"
                        dl, pct_cell, dls = f"{early} {deadline}", f"{pct}% {pct}%", [_iso(early), _iso(deadline)]
                    line = d.add(f"{m.title}\t{cell}\t{dl}\t{st}\t{pct_cell}\t{self.comment()}")
                    d.item(line, "milestone", m.title, owners=names, directorates=dirs, deadlines=dls, status=st,
                           percent=pct, parent=a.title, id=m.mid)
                    since_break += 1
            d.add()
        return d

    def overdue_report(self, acts: list[Activity]) -> _Doc:
        rng, d = self.rng, _Doc()
        label = _plan_label(self.year)
        d.add()
        d.add()
        when = "End of Year Monitoring" if self.final else f"Quarter {self.quarter} Monitoring"
        d.add(f"Appendix {rng.choice(['3b', '2', '4a'])} Strategic Plan {label} {when}")
        d.add()
        d.add("Overdue Activities from the Strategic Plan")
        d.add()
        late = [a for a in acts if a.outcome == "late"]
        themes_done: set[int] = set()
        letters = "abcdefghijklmnopqrstuvwxyz"
        for (t, p, ptitle), pacts in self.priorities_of(late):
            if t not in themes_done:
                themes_done.add(t)
                d.add()
                line = d.add(f"{t}. {self.c.themes[t - 1].upper()}")
                d.add()
                d.item(line, "theme", self.c.themes[t - 1].upper(), code=str(t))
            pcode = f"{t:02d}.{(p - 1) // 2 + 1:02d}.{p:02d}"
            line = d.add(f"{pcode} {ptitle}\t\t" if rng.random() < 0.9 else f"{pcode} {ptitle}")
            d.item(line, "priority", ptitle, code=pcode, parent=str(t))
            all_in_slot = [x for x in acts if x.slot == pacts[0].slot]
            skip_label = False
            for a in pacts:
                letter = letters[min(all_in_slot.index(a), 25)]
                if not skip_label:
                    d.add("Key Activity\t\t")
                skip_label = False
                acode = f"{pcode}{letter}"
                if len(a.title) > 50 and rng.random() < 0.05:
                    first, rest = self.wrap(a.title)
                    line = d.add(f"{acode} {first}\t\t")
                    d.add()
                    d.add(f"{rest}\t\t")
                else:
                    line = d.add(f"{acode} {a.title}\t\t")
                d.item(line, "activity", a.title, code=acode, status="Overdue", parent=pcode, id=a.wid)
                d.add("Progress Milestone\tDeadline\tComments")
                for n, m in enumerate(a.milestones, start=1):
                    if m.outcome != "late":
                        continue
                    com = self.comment(rng.randint(1, 3))
                    dl = m.deadline if rng.random() > 0.02 else ""
                    if len(m.title) > 40 and rng.random() < 0.05:
                        first, rest = self.wrap(m.title)
                        if rng.random() < 0.3:
                            c1, c2 = self.wrap(com)
                            line = d.add(f"{n}. {first}\t{dl}\t{c1}")
                            d.add()
                            d.add(f"{rest}\t\t{c2}")
                        else:
                            line = d.add(f"{n}. {first}\t{dl}\t{com}")
                            d.add()
                            d.add(f"{rest}\t\t")
                    else:
                        line = d.add(f"{n}. {m.title}\t{dl}\t{com}")
                    d.item(line, "milestone", m.title, deadlines=[_iso(dl)] if dl else [], status="Overdue",
                           parent=acode, id=m.mid)
                if rng.random() < 0.03 and a is not pacts[-1]:
                    # the objective heading printed again at a page top, then the next activity
                    d.add(f"{pcode} {ptitle}\t\t")
                    d.add()
                    skip_label = True
            if rng.random() < 0.2:
                d.add()
        return d

    def quarterly_report(self, acts: list[Activity]) -> _Doc:
        rng, d = self.rng, _Doc()
        d.add()
        d.add(self.title_line() if self.quarters > 1 else "")
        words = ["one", "two", "three", "four", "five", "six"]
        themes_done: set[int] = set()
        act_no: dict[int, int] = {}
        for (t, p, ptitle), pacts in self.priorities_of(acts):
            if t not in themes_done:
                themes_done.add(t)
                if rng.random() < 0.15:
                    line = d.add(f"Priority {words[t - 1]}: {self.c.themes[t - 1]}\t\t\t\t\t")
                else:
                    line = d.add(f"Priority Outcome {t}: {self.c.themes[t - 1]}\t\t\t\t\t\t")
                d.item(line, "theme", self.c.themes[t - 1], code=str(t))
            line = d.add(f"{t}.{p}. {ptitle}\t\t\t\t\t" if rng.random() < 0.1 else f"{t}.{p} {ptitle}\t\t\t\t\t\t")
            d.item(line, "priority", ptitle, code=f"{t}.{p}", parent=str(t))
            shifted = rng.random() < 0.5
            for a in pacts:
                act_no[a.slot] = act_no.get(a.slot, 0) + 1
                n = act_no[a.slot]
                code = f"{t}.{p}.{n}"
                if rng.random() < 0.3:
                    d.add()
                if shifted:
                    d.add("\tActivity\tLead Member\tDeadline\tStatus\t% Comp\tComments")
                else:
                    d.add("Activity\tLead Member\tDeadline\tStatus\t% Comp\tComments" + rng.choice(["", "\t"]))
                st, pct = self.status(a.outcome, "quarterly")
                star = rng.choice(["", "", "*", " *"])
                members = rng.choice([", ", " / "]).join(a.members)
                com = self.comment()
                if rng.random() < 0.25:
                    com = f"<p>{com}</p>"
                dl = _yy(a.deadline)
                if rng.random() < 0.4:
                    line = d.add(f"{code}\t{n}. {a.title}{star}\t{members}\t{dl}\t{st}\t{pct}%\t{com}")
                else:
                    line = d.add(f"{code} {n}. {a.title}{star}\t{members}\t{dl}\t{st}\t{pct}%\t{com}")
                d.item(line, "activity", a.title, code=code, members=list(a.members), deadlines=[_iso(a.deadline)],
                       status=st, percent=pct, parent=f"{t}.{p}", id=a.wid)
                if shifted:
                    d.add("\tOur key deliverables\tLead Officer\tDeadline\tStatus\t% Comp\tComments")
                elif rng.random() < 0.5:
                    d.add("Our key deliverables\t\t\t\t\t\t")
                    d.add("Activity\tLead Officer\tDeadline\tStatus\t% Comp\tComments\t")
                else:
                    d.add("Our key deliverables\tLead Officer\tDeadline\tStatus\t% Comp\tComments")
                lead = "\t" if shifted else ""
                for m in a.milestones:
                    shown, deadline = self.printed(m)
                    if not shown:
                        continue
                    if rng.random() < 0.08:
                        d.add()
                    if rng.random() < 0.005:
                        d.add("--\t--\t---\t----------\t------------------\t-------------\t---")
                    st, pct = self.status(m.outcome, "quarterly")
                    cell, names, dirs = self.owner_cell(m.owners, "quarterly")
                    if rng.random() < 0.02:  # a deliverable with no lead officer printed
                        cell, names, dirs = "", [], []
                    star = rng.choice(["", "", "*", " *"])
                    dl, dls = _yy(deadline), [_iso(deadline)]
                    r = rng.random()
                    if r < 0.01:
                        early = f"31/7/{str(self.year)[2:]}"
                        dl, dls = f"1st {early} 2nd {_yy(deadline)}", [_iso(early), _iso(deadline)]
                    elif r < 0.015:
                        dl, dls = f"31/04/{str(self.year)[2:]}", [f"31/04/{str(self.year)[2:]}"]
                    elif r < 0.1:
                        dl = deadline  # four-digit year now and then
                    com = self.comment()
                    if rng.random() < 0.3:
                        com = f"<p>{com}</p>"
                    line = d.add(f"{lead}{m.title}{star}\t{cell}\t{dl}\t{st}\t{pct}%\t{com}")
                    if com and rng.random() < 0.03:
                        d.add(f"\t\t\t\t\t\t<p>{self.comment(2)}</p>")
                    d.item(line, "milestone", m.title, owners=names, directorates=dirs, deadlines=dls, status=st,
                           percent=pct, parent=code, id=m.mid)
            d.add()
        return d

    def _garble(self, title: str) -> str:
        rng = self.rng
        words = title.split(" ")
        idx = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        if not idx:
            return title
        for i in rng.sample(idx, min(len(idx), rng.randint(1, 3))):
            w = list(words[i])
            pos = [j for j, ch in enumerate(w) if ch in OCR]
            if pos:
                j = rng.choice(pos)
                w[j] = OCR[w[j]]
            words[i] = "".join(w)
        return " ".join(words)

    def action_plan(self, acts: list[Activity]) -> _Doc:
        rng, d = self.rng, _Doc()
        label = _plan_label(self.year)
        d.add()
        d.add()
        d.add(f"Strategic Plan {label}")
        d.add()
        d.add(f"Introduction: the {label} context")
        d.add()
        d.add(f"This outline Strategic Plan describes the council's overall aims, objectives and the outcomes we want "
              f"to deliver. The action plan details the milestones planned in {label} to achieve those outcomes.")
        d.add()
        for theme in self.c.themes:
            d.add(theme)
            d.add()
            d.add(f"In {label} our priorities are to:")
            d.add()
            for _ in range(rng.randint(2, 5)):
                d.add(f"- {rng.choice(VERBS)} {rng.choice(OBJECTS)}")
            d.add()
        d.add("Measuring our Performance")
        d.add()
        for _ in range(rng.randint(4, 9)):
            d.add(f"- Percentage of {rng.choice(OBJECTS)}{rng.choice(['', '*'])}")
        d.add()
        d.add("*denotes SEF action or performance measure")
        d.add()
        themes_done: set[int] = set()
        for (t, p, ptitle), pacts in self.priorities_of(acts):
            theme = self.c.themes[t - 1]
            if t not in themes_done:
                themes_done.add(t)
                line = d.add(f"{theme}\t\t")
                d.item(line, "theme", theme)
            line = d.add(f"Strategic Priority {t}.{p}: {ptitle}\t\t")
            d.item(line, "priority", ptitle, code=f"{t}.{p}", parent=theme)
            for a in pacts:
                d.add("Activity\tLead Member, Lead Officer and Directorate\tDeadline")
                members = " / ".join(a.councillors)
                cell, names, dirs = self.owner_cell(a.owners, "action")
                dl = a.deadline
                v = rng.choices("ABCDE", [45, 15, 15, 15, 10])[0]
                if v == "D" and len(a.title.split()) < 6:
                    v = "A"
                if v == "A":
                    d.add(f"{self._garble(a.title)}\t{members}\t{dl}")
                    line = d.add(f"{a.title}\t{cell}\t{dl}")
                elif v == "B":
                    d.add(f"\t{members}\t")
                    line = d.add(f"{a.title}\t{cell}\t{dl}")
                elif v == "C":
                    line = d.add(f"{a.title}\t{members}\t{dl}")
                    d.add(f"\t{cell}\t{rng.choice([dl, ''])}")
                elif v == "D":
                    first, rest = self.wrap(a.title)
                    line = d.add(f"{first}\t{members}\t{dl}")
                    d.add(f"{rest}\t{cell}\t{dl}")
                else:
                    line = d.add(f"{a.title}\t{members} {cell}\t{dl}")
                d.item(line, "activity", a.title, owners=names, directorates=dirs, members=list(a.councillors),
                       deadlines=[_iso(dl)], parent=f"{t}.{p}", id=a.wid)
                d.add("Milestone\tLead Officer\tDeadline")
                for m in a.milestones:
                    cell, names, dirs = self.owner_cell(m.owners, "action")
                    dl = m.deadline if rng.random() > 0.02 else ""
                    line = d.add(f"{m.title}\t{cell}\t{dl}")
                    d.item(line, "milestone", m.title, owners=names, directorates=dirs,
                           deadlines=[_iso(dl)] if dl else [], parent=a.title, id=m.mid)
                if rng.random() < 0.5:
                    d.add()
            d.add()
        return d

    def improvement_tracker(self, acts: list[Activity]) -> _Doc:
        rng, d = self.rng, _Doc()
        label = _plan_label(self.year)
        q = self.quarter
        for _ in range(rng.randint(3, 9)):
            d.add(" ")
        if self.quarters > 1:
            d.add(self.title_line("Improvement Plan Tracker"))
        d.add()
        d.add()
        for row in ["Action Status\t", "\tCancelled", "\tOverdue; Neglected", "\tUnassigned; Check Progress",
                    "\tNot Started; In Progress; Assigned", "\tCompleted"]:
            d.add(row)
        d.add()
        # recommendations: one per priority slot that has actions, numbered in order
        recs = []
        seq = 0
        for i, ((_t, _p, ptitle), pacts) in enumerate(self.priorities_of(acts), start=1):
            rows = []
            for a in pacts:
                seq += 1
                rows.append((f"R{i}.{seq}", a))
            recs.append((i, ptitle, rows))
        state: dict[str, tuple[str | None, int | None, str]] = {}
        for i, _ptitle, rows in recs:
            pcts = []
            for code, a in rows:
                st, pct = self.status(a.outcome, "quarterly")
                sym = {"Completed": "✔"}.get(st, "▶")
                if rng.random() < 0.1:
                    sym = ""
                state[code] = ({"✔": "Completed", "▶": "In Progress"}.get(sym), pct, sym)
                pcts.append(pct)
            rpct = sum(pcts) // len(pcts)
            state[f"R{i}"] = (None, rpct, "▶" if rpct < 100 else "✔")
        # the summary table
        d.add(rng.choice(["Statu s\t\tAction Title\tProgress", "Status\t\tAction Title\tProgress"]))
        n_rows = 0
        for i, ptitle, rows in recs:
            for code, title in [(f"R{i}", ptitle)] + [(c, a.title) for c, a in rows]:
                if n_rows and n_rows % rng.randint(10, 16) == 0:
                    d.add()
                    d.add(rng.choice(["Statu s\t\tAction Title\tProgress", "Status\t\tAction Title\tProgress"]))
                _, pct, sym = state[code]
                pct_cell = rng.choice([f" {pct}%", f'<input type="text" value="{pct}%"/>', ""])
                if len(title.split()) > 5 and rng.random() < 0.04:
                    # the row's title carries on past a page break, under the repeated header
                    first, rest = self.wrap(title)
                    d.add(f"{sym}\t{code}\t{first}\t{pct_cell}")
                    d.add()
                    d.add("Status\t\tAction Title\tProgress")
                    d.add(f"\t\t{rest}\t")
                else:
                    d.add(f"{sym}\t{code}\t{title}\t{pct_cell}")
                n_rows += 1
        d.add()
        for i, ptitle, rows in recs:
            d.add(" ")
            d.add(f"Recommendation {i}")
            d.add()
            line = d.add(f"R{i}: {ptitle}")
            d.add()
            _, rpct, rsym = state[f"R{i}"]
            d.item(line, "priority", ptitle, code=f"R{i}", percent=rpct,
                   status={"✔": "Completed", "▶": "In Progress"}.get(rsym))
            for code, a in rows:
                status, pct, _ = state[code]
                if rng.random() < 0.5:
                    d.add("<i>Status</i>\t<i>Action Title</i>\t\t<i>Ownership Managed By</i>\t<i>Monitoring Group</i>")
                else:
                    d.add("Status\tAction Title\tOwnership Managed By\tMonitoring Group")
                cell, names, _ = self.owner_cell(a.owners, "tracker")
                boards = "; ".join(a.boards)
                title = a.title if rng.random() < 0.6 else f"<i>{a.title}</i>"
                if len(names) >= 2 and len(a.boards) == 1 and len(a.boards[0].split()) >= 3 and rng.random() < 0.3:
                    b1, b2 = self.wrap(a.boards[0])
                    line = d.add(f"\t{code}\t{title}\t{names[0]};\t{b1}")
                    d.add()
                    d.add(f"\t\t\t{'; '.join(names[1:])}\t{b2}")
                elif rng.random() < 0.5:
                    line = d.add(f"\t{code}\t{title}\t{cell}\t{boards}")
                else:
                    line = d.add(f"\t{code} {title}\t{cell}\t{boards}")
                com = self.comment(rng.randint(1, 3))
                if rng.random() < 0.3:
                    com += f" This is part of the {label} work programme."
                d.add(rng.choice([f"Progress\tQ{q} Update\t<p>{com}", f"Progress\tQ{q} Update {com}",
                                  f"Progress\tQ{q} Update\t{com}\t\t"]))
                if rng.random() < 0.2:
                    d.add()
                    d.add(f"\t\t<p>{self.comment(2)}")
                d.add(rng.choice([f"{pct}%\tRisk\t", f" {pct}%\tRisk\t\t\t", f'<input type="text" value="{pct}%"/>\tRisk\t\t\t']))
                d.add()
                d.item(line, "activity", a.title, code=code, owners=names, boards=list(a.boards), status=status,
                       percent=pct, parent=f"R{i}", id=a.wid)
        return d


# ------------------------------------------------------------------ corpus


def layout_for(c: int, k: int, years: int) -> tuple[str, int]:
    """The layout council ``c`` prints in its ``k``-th year, and the directorate era."""
    era_len = max(1, -(-years // 5))
    idx = min(4, k // era_len)
    era = min(2, k * 3 // years)
    return LAYOUTS[(idx + c) % 5], era


def quarters_for(layout: str, quarters: int) -> list[int]:
    """Which quarters a layout is published for: the plan itself once, reports each quarter."""
    if layout in ("action-plan",):
        return [1]
    if layout == "overdue-report":
        return [4]
    step = 4 / quarters
    return sorted({int(round(step * (i + 1))) for i in range(quarters)})


def generate(out: Path, size: str = "small", seed: int = 7, **overrides) -> dict:
    """Write the corpus for ``size`` into ``out`` (documents + truth.json); return the truth."""
    cfg = dict(SIZES[size])
    cfg.update(overrides)
    out.mkdir(parents=True, exist_ok=True)
    names = _Names(random.Random(seed))
    truth = {"version": VERSION, "size": size, "seed": seed, "config": {k: v for k, v in cfg.items()}, "documents": [], "people": [],
             "lineage": [], "duplicates": []}
    people: dict[str, dict] = {}
    appearances: dict[tuple[str, str], list[tuple[int, str]]] = {}  # (kind, id) -> [(year, plan)]
    for c in range(cfg["councils"]):
        w = _Writer(c, seed, names, tuple(cfg["activities"]))
        for k in range(cfg["years"]):
            year = cfg["start"] + k
            acts = w.year(k, year)
            layout, era = layout_for(c, k, cfg["years"])
            seen_this_year: set[tuple[str, str]] = set()
            for q in quarters_for(layout, cfg["quarters"]):
                r = _Renderer(w, year, era, q, cfg["quarters"])
                doc = getattr(r, layout.replace("-", "_"))(acts)
                source = f"{w.council.slug}_{year}-{(year + 1) % 100:02d}_q{q}_{layout}.txt"
                (out / source).write_text(doc.text(), encoding="utf-8")
                if k == 2 and c % 4 == 0 and q == quarters_for(layout, cfg["quarters"])[0]:
                    # the same report saved again under another name (and line endings): loaded once
                    copy = f"{w.council.slug}_{year}-{(year + 1) % 100:02d}_q{q}_copy.txt"
                    (out / copy).write_text(doc.text().replace("\n", "\r\n"), encoding="utf-8")
                    truth["duplicates"].append({"source": copy, "of": source})
                truth["documents"].append({"source": source, "layout": layout, "plan": _plan_label(year),
                                           "council": w.council.slug, "year": year, "quarter": q, "items": doc.items})
                for pid, printed in r.people.items():
                    p = people.setdefault(pid, {"id": pid, "council": w.council.slug, "variants": set()})
                    p["variants"] |= printed
                for it in doc.items:
                    if it["id"] and it["kind"] in ("activity", "milestone"):
                        seen_this_year.add((it["kind"], it["id"]))
            for key in seen_this_year:
                appearances.setdefault(key, []).append((year, _plan_label(year)))
        for o in w.council.officers:
            if o.pid in people:
                people[o.pid]["name"] = o.name
    for (kind, wid), years in sorted(appearances.items()):
        for (_y0, p0), (_y1, p1) in zip(years, years[1:], strict=False):
            truth["lineage"].append({"kind": kind, "id": wid, "earlier": p0, "later": p1})
    truth["people"] = [{**p, "variants": sorted(p["variants"])} for p in sorted(people.values(), key=lambda p: p["id"])]
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="small")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    truth = generate(args.out, args.size, args.seed)
    n_items = sum(len(d["items"]) for d in truth["documents"])
    print(f"wrote {len(truth['documents'])} documents, {n_items} items, {len(truth['people'])} people, "
          f"{len(truth['lineage'])} lineage pairs to {args.out}")


if __name__ == "__main__":
    main()
