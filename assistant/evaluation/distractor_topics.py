"""The synthetic letters' topics: templates on the seed letter's subjects (a data table)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """A topic's templates. ``{adm}``, ``{committee}``, ``{area}``, ``{prison}``, ``{start}``, ``{end}``,
    ``{adopted}`` and ``{principles}`` are fixed per letter; ``{date}``, ``{amount}``, ``{year}``,
    ``{period}`` and ``{n:LOW-HIGH}`` draw a fresh value at each use."""

    subjects: tuple[str, ...]
    question: str
    paragraphs: tuple[str, ...]
    items: tuple[tuple[str, str], ...]  # (name of the initiative, what it does)


TOPICS: dict[str, Topic] = {
    "aktivering": Topic(
        subjects=(
            "aktivering af ledige med tilknytning til kriminelle miljøer",
            "{committee}s indsats for ledige med kriminel baggrund",
        ),
        question="Du har spurgt, hvilke tilbud {committee} giver ledige borgere med tilknytning til "
        "kriminelle grupperinger.",
        paragraphs=(
            "Som opfølgning på skudepisoderne i {year} besluttede {committee} den {date} ekstraordinært at "
            "bevilge {amount} i {year} til et forstærket aktiveringsforløb for ledige med dom.",
            "Indsatsen er siden blevet videreført, senest for perioden {period} i forbindelse med aftalen om "
            "Budget{n:16-24}. Den drives af et særligt team i Jobcenter København, som samarbejder med SSP.",
        ),
        items=(
            (
                "Forstærket aktiveringsforløb for ledige med dom",
                "Borgerne får mindst {n:10-30} timers aktivering om ugen med fokus på varig beskæftigelse. "
                "Forløbet koster {amount} om året.",
            ),
            (
                "Mentorordning for unge ledige",
                "Siden {year} har {n:20-400} unge ledige med tilknytning til kriminelle miljøer "
                "fået en mentor.",
            ),
            (
                "Virksomhedsrettet opkvalificering",
                "Jobcentret samarbejder med {n:5-90} virksomheder om praktik og løntilskud til målgruppen.",
            ),
            (
                "Uddannelsespålæg til ledige under 30 år",
                "{committee} vedtog den {date}, at ledige under 30 år med en dom skal i gang med "
                "en uddannelse.",
            ),
            (
                "Jobgaranti efter endt forløb",
                "Borgere, der gennemfører forløbet, tilbydes et job i op til {n:6-24} måneder.",
            ),
        ),
    ),
    "afsoning": Topic(
        subjects=("indsatsen for indsatte og løsladte københavnere", "udslusning fra {prison}"),
        question="Du har spurgt, hvordan {adm} hjælper borgere, der afsoner eller netop er løsladt.",
        paragraphs=(
            "Alle indsatte og nyligt løsladte københavnere i {prison} får tilbud om en individuel "
            "udslusningsplan med bolig, økonomi og beskæftigelse.",
            "{committee} afsatte den {date} i alt {amount} til indsatsen for perioden {period}.",
        ),
        items=(
            (
                "Tryg udslusning efter afsoning",
                "Udslusningen begynder {n:4-16} uger før løsladelsen, og en fast kontaktperson "
                "følger borgeren.",
            ),
            (
                "Boligsocial støtte ved løsladelse",
                "I {year} fik {n:15-250} løsladte hjælp til at finde en bolig.",
            ),
            (
                "Uddannelse under afsoning",
                "Indsatte kan tage fag på niveau med 9. klasse, og {n:10-120} har bestået en prøve "
                "siden {year}.",
            ),
            (
                "Exitprogram for bandemedlemmer",
                "Programmet har hjulpet {n:5-80} borgere ud af bandemiljøet siden {year}.",
            ),
        ),
    ),
    "fritidsjob": Topic(
        subjects=("fritidsjob til unge i {area}",),
        question="Du har spurgt, hvordan {adm} skaffer fritidsjob til unge i {area}.",
        paragraphs=(
            "I {year} fik {n:40-900} unge et fritidsjob gennem indsatsen, som i alt har et budget på "
            "{amount} om året.",
            "Indsatsen rettes mod unge i almene boligområder og unge i risiko for kriminalitet. "
            "{committee} besluttede den {date} at udvide den.",
        ),
        items=(
            (
                "Fritidsjob i lokalområdet",
                "Fritidsjobkonsulenter matcher unge mellem 13 og 17 år med {n:20-300} lokale arbejdspladser.",
            ),
            ("Jobguider i klubberne", "Klubberne i {area} har ansat {n:2-12} jobguider siden {year}."),
            (
                "Sommerjob for unge",
                "Hver sommer tilbydes {n:50-500} sommerjob i kommunens parker og institutioner.",
            ),
            (
                "Samarbejde med lokale erhvervsdrivende",
                "I alt {n:10-150} butikker og virksomheder har skrevet under på en aftale om fritidsjob.",
            ),
        ),
    ),
    "sikker-by": Topic(
        subjects=("Sikker By-strategien {start}-{end}", "tryghedsindsatsen i {area}"),
        question="Du har spurgt, hvordan kommunen arbejder med tryghed, og hvilken rolle {committee} har.",
        paragraphs=(
            "Kommunens samlede indsats for tryghed er beskrevet i Sikker By-strategien {start}-{end}, som "
            "blev godkendt af Borgerrepræsentationen den {adopted}. Sekretariatet for strategien ligger "
            "i {adm}.",
            "Ét af de {principles} bærende principper i strategien handler om nattelivet: ”Vi sikrer, "
            "at alle kan færdes trygt i byen om aftenen og om natten.”",
        ),
        items=(
            (
                "Tryghedsvandringer",
                "Der er gennemført {n:10-90} tryghedsvandringer med beboere siden {year}.",
            ),
            (
                "Gadeplansmedarbejdere om aftenen",
                "Fredag og lørdag aften er {n:4-40} gadeplansmedarbejdere på gaden. "
                "Indsatsen koster {amount} om året.",
            ),
            ("Bedre belysning", "Belysningen er forbedret på {n:10-60} steder, senest den {date}."),
            ("Nattevandrere", "Frivillige nattevandrere har fået {amount} i støtte for perioden {period}."),
        ),
    ),
    "udvalg": Topic(
        subjects=("{committee}s arbejde med kriminalitetsforebyggelse",),
        question="Du har ønsket svar på, hvad {committee} gør for at forebygge kriminalitet blandt unge.",
        paragraphs=(
            "{committee} behandlede den {date} en sag om forebyggelse af kriminalitet blandt unge og afsatte "
            "{amount} til arbejdet i {year}.",
            "Arbejdet koordineres med Beskæftigelses- og Integrationsudvalget og med "
            "Sikker By-sekretariatet.",
        ),
        items=(
            (
                "Klubtilbud med længere åbningstider",
                "I alt {n:3-30} klubber holder åbent til kl. 23 i weekenden.",
            ),
            ("Forældrenetværk", "Omkring {n:50-600} forældre deltager i netværk om unge og kriminalitet."),
            ("Lektiecaféer", "Lektiecaféerne har haft {n:100-3000} besøg siden {year}."),
            (
                "Idræt i udsatte områder",
                "I alt {n:5-40} foreninger får tilskud til at holde træning om aftenen.",
            ),
        ),
    ),
}
