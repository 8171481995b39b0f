"""The accessibility statement (tilgængelighedserklæring): a plain HTML page at /tilgaengelighed."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

PATH = "/tilgaengelighed"
LINK_TEXT = "Tilgængelighedserklæring"
UPDATED = "27. november 2026"

# Plain HTML with no script: the statement must be readable even where the chat itself fails.
PAGE = f"""<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{LINK_TEXT} – Spørg om bandepolitikken</title>
<style>
  body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1a1a1a;
    background: #fff; line-height: 1.55; margin: 0; padding: 16px; }}
  main {{ max-width: 46rem; margin: 0 auto; }}
  h1 {{ font-size: 1.6rem; line-height: 1.25; color: #14335c; }}
  h1, h2, p, li {{ overflow-wrap: anywhere; hyphens: auto; }}
  @media (max-width: 640px) {{ h1 {{ font-size: 1.35rem; }} }}
  h2 {{ font-size: 1.2rem; margin-top: 1.6em; }}
  a {{ color: #14335c; text-decoration: underline; display: inline-block; min-height: 24px;
    padding: 2px 0; overflow-wrap: anywhere; }}
  a:focus-visible {{ outline: 3px solid #f0b400; outline-offset: 2px; }}
  li {{ margin: 4px 0; }}
</style>
</head>
<body>
<main>
<p><a href="/">Tilbage til Spørg om bandepolitikken</a></p>
<h1>{LINK_TEXT} for Spørg om bandepolitikken</h1>
<p>Kommunen ønsker, at alle kan bruge chatten &quot;Spørg om bandepolitikken&quot;, også med
skærmlæser, kun med tastatur, med forstørret tekst eller på en lille mobilskærm. Erklæringen gælder
borgernes side med chatten. Den følger lov om tilgængelighed af offentlige organers websteder og
mobilapplikationer, og målet er WCAG 2.1 niveau AA.</p>

<h2>Overholdelse</h2>
<p>Siden overholder efter vores test de krav i WCAG 2.1 AA, som testene nedenfor dækker. Siden er
endnu ikke afprøvet af brugere med skærmlæser, så den erklæres <strong>delvist forenelig</strong>,
indtil det er gjort.</p>

<h2>Hvad vi har testet, og hvordan</h2>
<p>Testene kører automatisk i browseren Chromium ved hver ændring af siden. Efter et spørgsmål med et
svar med to kilder og efter et spørgsmål uden svar kontrolleres:</p>
<ul>
<li>Ombrydning (WCAG 1.4.10): ved 320, 360 og 390 pixels bredde kan hele siden bruges uden at rulle til
siden. Chatten, kilderne, &quot;Vis hele brevet&quot; og brevet, eksemplerne og knapperne er inden for
skærmen.</li>
<li>Forstørrelse (1.4.4): med browserens zoom på 200 % går intet indhold eller nogen funktion tabt.</li>
<li>Tastatur (2.1.1, 2.4.3 og 2.4.7): man kan stille et spørgsmål, gå til hver kilde, åbne brevet og
lukke det med Escape uden mus. Fokus er altid synligt og forsvinder ikke, når svaret kommer.</li>
<li>Skærmlæser (4.1.3): et nyt svar læses op én gang, når det er færdigt, i en høflig
statusmeddelelse. Henvisningerne [1], [2] læses som &quot;kilde 1&quot;, &quot;kilde 2&quot;, og et
afslag læses op som &quot;Intet svar i brevene&quot;.</li>
<li>Trykflader (2.5.8): alle knapper og links er mindst 24 × 24 pixels.</li>
<li>Automatisk kontrol med axe-core (WCAG 2.0 og 2.1, A og AA) ved alle bredderne ovenfor, uden
alvorlige eller kritiske fejl.</li>
</ul>

<h2>Kendte begrænsninger</h2>
<ul>
<li>Siden er ikke afprøvet manuelt med skærmlæserne NVDA, JAWS, VoiceOver og TalkBack.</li>
<li>Medarbejdernes faneblade (Kildekontrol og Evaluering) er kun kontrolleret med axe-core og er
ikke lavet til mobilskærme.</li>
<li>Brevene vises, som kommunen har skrevet dem. Deres sprog og opbygning er ikke tilpasset.</li>
</ul>

<h2>Fandt du et problem?</h2>
<p>Hvis du ikke kan bruge en del af siden, eller hvis noget ikke virker med dit hjælpemiddel, så
skriv til kommunen via Digital Post på <a href="https://www.borger.dk">borger.dk</a>. Skriv
&quot;Tilgængelighed: Spørg om bandepolitikken&quot; i emnefeltet, og fortæl, hvilken side, hvilken
browser og hvilket hjælpemiddel du brugte. Du får svar inden for 14 dage.</p>
<p>Er du ikke tilfreds med svaret, kan du klage til Digitaliseringsstyrelsen, som fører tilsyn med
offentlige websteders tilgængelighed: <a href="https://www.was.digst.dk">was.digst.dk</a>.</p>

<h2>Om erklæringen</h2>
<p>Erklæringen er senest opdateret den {UPDATED}.</p>
</main>
</body>
</html>
"""


async def _statement(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE)


def routes() -> list[Route]:
    """The statement's route, for the app's FastAPI routes (placed before Gradio's own)."""
    return [Route(PATH, _statement, methods=["GET", "HEAD"])]


def footer() -> str:
    """The footer of the citizens' page: where the statement is."""
    return f'<footer class="sidefod"><a href="{PATH}">{LINK_TEXT}</a></footer>'
