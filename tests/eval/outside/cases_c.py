"""Outside-language evaluation corpus, half C: requests written by people outside this project.

A fresh measurement set, built apart from halves A and B from sources neither uses, over data no
other evaluation set of the project uses. About two thirds are crowd-written questions about single
Wikipedia tables (WikiSQL); the rest are exercise and tutorial steps from Data Carpentry lessons
that halves A and B do not use (r-socialsci, genomics-r-intro, python-socialsci) and tidyr's
vignettes.

Same case format as ``../shared/eval/dev_cases.py`` (id, tier, frames, request, ref, optional
check / order_by / names), plus three provenance fields on every case:

  origin   - where the request's words come from (``owner/repo:path#place``).
  licence  - the licence of those words.
  adapted  - None when the request is verbatim; "column names" when only column/value names were
             swapped for the real data set's (the rest of the words unchanged).

Ids: ``oc-ws-N`` WikiSQL training question N (0-based line of ``data/train.jsonl``) ·
``oc-rs-NN`` r-socialsci · ``oc-gr-NN`` genomics-r-intro · ``oc-ps-NN[-frame]`` python-socialsci ·
``oc-td-NN`` tidyr vignettes.

WikiSQL references follow the question (checked against WikiSQL's gold SQL, which is followed
unless it disagrees with its own question, e.g. #228 "Who was the top pick" whose gold SQL returns
``MIN(Choice)`` instead of the player). The tables are TabFact's copies of WikiSQL's tables (see
loaders_c.py): their text is lower case, so the references compare with lower-case values.

Run it with ``python ../shared/eval/evaluate.py --cases tests/eval/outside/cases_c.py``. The frames
come from ``loaders_c.py``; README.md (half C) lists sources, counts and licences.
Nobody in this project wrote a request here; the references are hand-written pandas.
"""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "outside_loaders_c", Path(__file__).resolve().parent / "loaders_c.py"
)
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
LOADERS = _mod.LOADERS

WIKISQL = "salesforce/WikiSQL:data/train.jsonl#{} (Zhong et al. 2017; read from ml-explore/mlx-examples lora/data/train.jsonl, line {})"
WIKISQL_LICENCE = "BSD-3-Clause (WikiSQL); crowd-written questions about Wikipedia tables (CC BY-SA 3.0)"
CARPENTRY_LICENCE = "CC-BY-4.0"


def _ws(n, tier, frame, request, ref, **kw):
    """A WikiSQL training question, verbatim (outer spaces stripped), over its own table."""
    return dict(
        id=f"oc-ws-{n}",
        tier=tier,
        frames=[frame],
        request=request,
        ref=ref,
        origin=WIKISQL.format(n, n + 1),
        licence=WIKISQL_LICENCE,
        adapted=None,
        **kw,
    )


def _dc(cid, tier, frame, request, ref, origin, adapted=None, licence=CARPENTRY_LICENCE, **kw):
    """A lesson's or vignette's exercise, sentence or code comment that asks for a data operation."""
    return dict(
        id=cid,
        tier=tier,
        frames=[frame],
        request=request,
        ref=ref,
        origin=origin,
        licence=licence,
        adapted=adapted,
        **kw,
    )


RS = "datacarpentry/r-socialsci:episodes/{}"
GR = "datacarpentry/genomics-r-intro:episodes/05-dplyr.Rmd#{}"
PS = "datacarpentry/python-socialsci:episodes/{}"
TD = "tidyverse/tidyr:vignettes/{}"

# ---------------------------------------------------------------- WikiSQL (crowd-written questions)
WIKISQL_CASES = [
    _ws(
        4,
        2,
        "ws_10007452_3",
        "how many times is the fuel propulsion is cng?",
        "ws_10007452_3.loc[(ws_10007452_3['Fuel Propulsion'] == 'cng'), 'Fleet Series (Quantity)'].count()",
    ),
    _ws(
        6,
        1,
        "ws_10007452_3",
        "who is the manufacturer for the order year 1998?",
        "ws_10007452_3.loc[(ws_10007452_3['Order Year'] == '1998'), 'Manufacturer']",
    ),
    _ws(
        12,
        2,
        "ws_10015132_1",
        "What school did player number 6 come from?",
        "ws_10015132_1.loc[(ws_10015132_1['No.'] == '6'), 'School/Club Team']",
    ),
    _ws(
        17,
        2,
        "ws_10015132_14",
        "Which number was Patrick O'Bryant?",
        "ws_10015132_14.loc[(ws_10015132_14['Player'] == \"patrick o'bryant\"), 'No.']",
    ),
    _ws(
        26,
        2,
        "ws_10015132_3",
        "When did the player from Hawaii play for Toronto?",
        "ws_10015132_3.loc[(ws_10015132_3['School/Club Team'] == 'hawaii'), 'Years in Toronto']",
    ),
    _ws(
        30,
        2,
        "ws_10015132_7",
        "which player is from georgia",
        "ws_10015132_7.loc[(ws_10015132_7['School/Club Team'] == 'georgia'), 'Player']",
    ),
    _ws(
        39,
        1,
        "ws_10021158_3",
        "When the scoring rank was 117, what was the best finish?",
        "ws_10021158_3.loc[(ws_10021158_3['Scoring rank'] == '117'), 'Best finish']",
    ),
    _ws(
        44,
        2,
        "ws_1004033_1",
        "When did the Metrostars have their first Rookie of the Year winner?",
        "ws_1004033_1.loc[(ws_1004033_1['Team'] == 'metrostars'), 'Season'].min()",
    ),
    _ws(
        45,
        2,
        "ws_1004033_1",
        "What college did the Rookie of the Year from the Columbus Crew attend?",
        "ws_1004033_1.loc[(ws_1004033_1['Team'] == 'columbus crew'), 'College']",
    ),
    _ws(
        54,
        2,
        "ws_10020178_1",
        "What is the name of the 375 crest length?",
        "ws_10020178_1.loc[(ws_10020178_1['Crest length (meters)'] == 375), 'Name']",
    ),
    _ws(
        56,
        1,
        "ws_10020178_1",
        "What is the canton of grande dixence?",
        "ws_10020178_1.loc[(ws_10020178_1['Name'] == 'grande dixence'), 'Canton']",
    ),
    _ws(
        67,
        1,
        "ws_10054296_1",
        "Where is the headquarters of Alpha Nu Omega",
        "ws_10054296_1.loc[(ws_10054296_1['Member'] == 'alpha nu omega'), 'Headquarters']",
    ),
    _ws(
        69,
        1,
        "ws_1007688_1",
        "what is the typhoid fever number for the year 1934",
        "ws_1007688_1.loc[(ws_1007688_1['Year'] == 1934), 'Typhoid fever']",
    ),
    _ws(
        70,
        1,
        "ws_1007688_1",
        "What are all the typhus number when smallpox is 4",
        "ws_1007688_1.loc[(ws_1007688_1['Smallpox'] == 4), 'Typhus']",
    ),
    _ws(
        75,
        2,
        "ws_10082596_1",
        "In what year was Lindenwood University founded?",
        "ws_10082596_1.loc[(ws_10082596_1['School'] == 'lindenwood university'), 'Founded'].min()",
    ),
    _ws(
        79,
        1,
        "ws_1008653_9",
        "What is the country (exonym) where the official or native language(s) (alphabet/script) is Icelandic?",
        "ws_1008653_9.loc[(ws_1008653_9['Official or native language(s) (alphabet/script)'] == 'icelandic'), 'Country ( exonym )']",
    ),
    _ws(
        86,
        2,
        "ws_101196_1",
        "What is the population for County Mayo with the English Name Carrowteige?",
        "ws_101196_1.loc[(ws_101196_1['County'] == 'county mayo') & (ws_101196_1['English name'] == 'carrowteige'), 'Population']",
    ),
    _ws(
        95,
        2,
        "ws_10121127_1",
        "What is Australia's role in the UN operation Unama?",
        "ws_10121127_1.loc[(ws_10121127_1['UN Operation name'] == 'unama'), 'Australian role']",
    ),
    _ws(
        99,
        2,
        "ws_10120207_8",
        "What year is the season with the 10.73 million views?",
        "ws_10120207_8.loc[(ws_10120207_8['Viewers (millions)'] == 10.73), 'TV season']",
    ),
    _ws(
        103,
        2,
        "ws_1012730_1",
        "In 2012 what was the average finish?",
        "ws_1012730_1.loc[(ws_1012730_1['Year'] == 2012), 'Avg. Finish']",
    ),
    _ws(
        113,
        2,
        "ws_1013129_11",
        "What teams do the players from TPS (Finland) play for?",
        "ws_1013129_11.loc[(ws_1013129_11['College/junior/club team'] == 'tps (finland)'), 'NHL team']",
    ),
    _ws(
        118,
        2,
        "ws_10128185_2",
        "What was the lowest number of votes Scotland cast?",
        "ws_10128185_2['Scotland'].min()",
    ),
    _ws(
        125,
        1,
        "ws_1013129_1",
        "What is the smallest pick for the player, brett lindros?",
        "ws_1013129_1.loc[(ws_1013129_1['Player'] == 'brett lindros'), 'Pick'].min()",
    ),
    _ws(
        128,
        1,
        "ws_1013168_3",
        "What is the name of the vacator for district Louisiana 1st?",
        "ws_1013168_3.loc[(ws_1013168_3['District'] == 'louisiana 1st'), 'Vacator']",
    ),
    _ws(
        131,
        1,
        "ws_101336_1",
        "What is the crystal structure for the formula yba 2 cu 3 o 7?",
        "ws_101336_1.loc[(ws_101336_1['Formula'] == 'yba 2 cu 3 o 7'), 'Crystal structure']",
    ),
    _ws(
        138,
        1,
        "ws_1013129_8",
        "Which NHL team has player Mike Loach?",
        "ws_1013129_8.loc[(ws_1013129_8['Player'] == 'mike loach'), 'NHL team']",
    ),
    _ws(
        154,
        1,
        "ws_10160447_1",
        "what's the\xa0points\xa0with\xa0driver\xa0 mark martin",
        "ws_10160447_1.loc[(ws_10160447_1['Driver'] == 'mark martin'), 'Points']",
    ),
    _ws(
        158,
        2,
        "ws_10236830_6",
        "What actor was nominted for an award in the film Anastasiya Slutskaya?",
        "ws_10236830_6.loc[(ws_10236830_6['Film Name'] == 'anastasiya slutskaya'), 'Actors Name']",
    ),
    _ws(
        162,
        2,
        "ws_10236830_6",
        "Which films does the actor Alla Sergiyko star in?",
        "ws_10236830_6.loc[(ws_10236830_6['Actors Name'] == 'alla sergiyko'), 'Film Name']",
    ),
    _ws(
        178,
        2,
        "ws_10264179_2",
        "What circuit was the race where Hideki Mutoh had the fastest lap?",
        "ws_10264179_2.loc[(ws_10264179_2['Fastest Lap'] == 'hideki mutoh'), 'Circuit']",
    ),
    _ws(
        181,
        1,
        "ws_10269427_3",
        "what is the episode # for production code 227",
        "ws_10269427_3.loc[(ws_10269427_3['Production code'] == 227), 'Episode #']",
    ),
    _ws(
        184,
        1,
        "ws_10240125_2",
        "Whatis the number of total goals maximum?",
        "ws_10240125_2['Total Goals'].max()",
    ),
    _ws(
        186,
        2,
        "ws_1028356_3",
        "How many matches where played with Jim Pugh?",
        "ws_1028356_3.loc[(ws_1028356_3['Partner'] == 'jim pugh'), 'Opponents'].count()",
    ),
    _ws(
        198,
        2,
        "ws_10312547_1",
        "Who played Peter Pan in the 1990 Broadway?",
        "ws_10312547_1.loc[(ws_10312547_1['Character'] == 'peter pan'), '1990 Broadway']",
    ),
    _ws(
        203,
        2,
        "ws_103084_4",
        "How many years did BBC One rank 20th?",
        "ws_103084_4.loc[(ws_103084_4['BBC One Rank'] == '20th'), 'Year'].count()",
    ),
    _ws(
        219,
        2,
        "ws_10360823_1",
        "Which overall pick was traded to the Cleveland Browns?",
        "ws_10360823_1.loc[(ws_10360823_1['College'] == 'traded to the cleveland browns'), 'Overall']",
    ),
    _ws(
        220,
        2,
        "ws_10360823_1",
        "Overall pick 240 was a pick in which round?",
        "ws_10360823_1.loc[(ws_10360823_1['Overall'] == 240), 'Round']",
    ),
    _ws(
        227,
        1,
        "ws_10360656_1",
        "What round was Steve Stonebreaker drafted?",
        "ws_10360656_1.loc[(ws_10360656_1['Player name'] == 'steve stonebreaker'), 'Round'].max()",
    ),
    _ws(
        228,
        2,
        "ws_10360656_1",
        "Who was the top picki n the draft?",
        "ws_10360656_1.loc[ws_10360656_1['Overall'] == ws_10360656_1['Overall'].min(), 'Player name']",
    ),
    _ws(
        232,
        2,
        "ws_10361625_1",
        "What is the name of the linebacker at Illinois college?",
        "ws_10361625_1.loc[(ws_10361625_1['Position'] == 'linebacker') & (ws_10361625_1['College'] == 'illinois'), 'Player name']",
    ),
    _ws(
        237,
        1,
        "ws_10361230_1",
        "What is Bruce Cerone overall?",
        "ws_10361230_1.loc[(ws_10361230_1['Player name'] == 'bruce cerone'), 'Overall'].min()",
    ),
    _ws(
        241,
        1,
        "ws_1036189_1",
        "For the headstamp id of h2, what was the color of the bullet tip?",
        "ws_1036189_1.loc[(ws_1036189_1['Headstamp ID'] == 'h2'), 'Bullet Tip Color']",
    ),
    _ws(
        245,
        2,
        "ws_1037590_1",
        "How many touchdowns were scored in the year with a completion percentage of 56.0?",
        "ws_1037590_1.loc[(ws_1037590_1['Completion %'] == 56), 'Touchdowns'].min()",
    ),
    _ws(
        246,
        2,
        "ws_1037590_1",
        "What number of completions are recorded for the year with 12 games started?",
        "ws_1037590_1.loc[(ws_1037590_1['Games started'] == 12), 'Completions']",
    ),
    _ws(
        259,
        2,
        "ws_10413597_5",
        "What was the original air date of an episode set in 1544?",
        "ws_10413597_5.loc[(ws_10413597_5['Setting'] == '1544'), 'Original air date']",
    ),
    _ws(
        271,
        1,
        "ws_10420426_1",
        "What was the team where series is formula renault 2.0 nec?",
        "ws_10420426_1.loc[(ws_10420426_1['Series'] == 'formula renault 2.0 nec'), 'Team']",
    ),
    _ws(
        289,
        1,
        "ws_10470082_6",
        "Who wrote Episode #3?",
        "ws_10470082_6.loc[(ws_10470082_6['#'] == 3), 'Writer']",
    ),
    _ws(
        293,
        1,
        "ws_10470082_7",
        "What is the largest # for an episode that was written by Allison Lea Bingeman?",
        "ws_10470082_7.loc[(ws_10470082_7['Writer'] == 'allison lea bingeman'), '#'].max()",
    ),
    _ws(
        302,
        2,
        "ws_10470082_4",
        "Who is the villain in episode #7?",
        "ws_10470082_4.loc[(ws_10470082_4['#'] == 7), 'Villains']",
    ),
    _ws(
        304,
        2,
        "ws_10470082_8",
        "When did the episode written by Jim Morris air?",
        "ws_10470082_8.loc[(ws_10470082_8['Writer'] == 'jim morris'), 'US air date']",
    ),
    _ws(
        325,
        2,
        "ws_10566855_1",
        "who's the\xa0premier\xa0with\xa0in 1970",
        "ws_10566855_1.loc[(ws_10566855_1['Season'] == 1970), 'Premier']",
    ),
    _ws(
        329,
        2,
        "ws_10568553_1",
        "Which street is 12.2 miles long?",
        "ws_10568553_1.loc[(ws_10568553_1['Milepost'] == '12.2'), 'Street Names']",
    ),
    _ws(
        332,
        2,
        "ws_1057262_1",
        "What is the minimum amount for wool for 2001-02?",
        "ws_1057262_1.loc[(ws_1057262_1['Commodity'] == 'wool'), '2001-02'].min()",
    ),
    _ws(
        338,
        1,
        "ws_10577579_3",
        "Which college has the men's nickname of the blazers?",
        "ws_10577579_3.loc[(ws_10577579_3['Men’s Nickname'] == 'blazers'), 'Institution']",
    ),
    _ws(
        347,
        1,
        "ws_10577579_2",
        "What is the year the institution Tougaloo College joined?",
        "ws_10577579_2.loc[(ws_10577579_2['Institution'] == 'tougaloo college'), 'Joined']",
    ),
    _ws(
        350,
        1,
        "ws_10592536_8",
        "Who replaced when team is wigan athletic?",
        "ws_10592536_8.loc[(ws_10592536_8['Team'] == 'wigan athletic'), 'Replaced by']",
    ),
    _ws(
        357,
        1,
        "ws_10581768_2",
        "What type institution is point park university",
        "ws_10581768_2.loc[(ws_10581768_2['Institution'] == 'point park university'), 'Type']",
    ),
    _ws(
        366,
        2,
        "ws_10602294_1",
        "When was Kamba active?",
        "ws_10602294_1.loc[(ws_10602294_1['Name'] == 'kamba'), 'Dates active']",
    ),
    _ws(
        372,
        1,
        "ws_10621256_1",
        "what's the\xa0player\xa0where\xa0inns\xa0is 21",
        "ws_10621256_1.loc[(ws_10621256_1['Inns'] == 21), 'Player']",
    ),
    _ws(
        385,
        1,
        "ws_10647401_1",
        "In which stadium is the week 5 game played?",
        "ws_10647401_1.loc[(ws_10647401_1['Week'] == 5), 'Stadium']",
    ),
    _ws(
        392,
        1,
        "ws_10650711_1",
        "what is the\xa0nfl team\xa0where\xa0player\xa0is thane gash",
        "ws_10650711_1.loc[(ws_10650711_1['Player'] == 'thane gash'), 'NFL Team']",
    ),
    _ws(
        393,
        1,
        "ws_10650711_1",
        "what is the maximum\xa0pick #\xa0where\xa0player\xa0is anthony blaylock",
        "ws_10650711_1.loc[(ws_10650711_1['Player'] == 'anthony blaylock'), 'Pick #'].max()",
    ),
    _ws(
        403, 1, "ws_10701133_1", "What is the highest no. in season?", "ws_10701133_1['No. in season'].max()"
    ),
    _ws(
        404,
        1,
        "ws_10701133_1",
        "Who directed the episode where u.s. viewers (million) is 12.90?",
        "ws_10701133_1.loc[(ws_10701133_1['U.S. viewers (million)'] == 12.9), 'Directed by']",
    ),
    _ws(
        421,
        2,
        "ws_10710364_2",
        "What is the lowest sex ratio in rural areas?",
        "ws_10710364_2['Sex ratio (rural)'].min()",
    ),
    _ws(
        425,
        1,
        "ws_10715317_2",
        "What is the title of the episode directed by Peter Markle and written by Jerry Stahl?",
        "ws_10715317_2.loc[(ws_10715317_2['Directed by'] == 'peter markle') & (ws_10715317_2['Written by'] == 'jerry stahl'), 'Title']",
    ),
    _ws(
        427,
        1,
        "ws_10716893_3",
        "Who does the lap-by-lap in 2011?",
        "ws_10716893_3.loc[(ws_10716893_3['Year'] == 2011), 'Lap-by-lap']",
    ),
    _ws(
        428,
        2,
        "ws_10716893_3",
        "Which network has Marty Reid as host and lap-by-lap broadcaster?",
        "ws_10716893_3.loc[(ws_10716893_3['Lap-by-lap'] == 'marty reid') & (ws_10716893_3['Host'] == 'marty reid'), 'Network']",
    ),
    _ws(
        430,
        2,
        "ws_10718192_2",
        "What's the highest season number of an episode in the series?",
        "ws_10718192_2['No. in season'].max()",
    ),
    _ws(
        436,
        2,
        "ws_10718631_2",
        "Who wrote episode 94?",
        "ws_10718631_2.loc[(ws_10718631_2['No. in series'] == 94), 'Written by']",
    ),
    _ws(
        443,
        2,
        "ws_10725629_2",
        "Which circuits had a race on October 4?",
        "ws_10725629_2.loc[(ws_10725629_2['Date'] == 'october 4'), 'Circuit']",
    ),
    _ws(
        445,
        2,
        "ws_10725629_2",
        "How many rounds were there of the Bosch Spark Plug Grand Prix?",
        "ws_10725629_2.loc[(ws_10725629_2['Race Name'] == 'bosch spark plug grand prix'), 'Rnd'].count()",
    ),
    _ws(
        464,
        2,
        "ws_10798928_1",
        "Who directed El Nido?",
        "ws_10798928_1.loc[(ws_10798928_1['Original title'] == 'el nido'), 'Director']",
    ),
    _ws(
        473,
        1,
        "ws_10812938_3",
        "What is the pick # for the position de?",
        "ws_10812938_3.loc[(ws_10812938_3['Position'] == 'de'), 'Pick #']",
    ),
    _ws(
        476,
        1,
        "ws_10812938_3",
        "Which player went to college at Laval?",
        "ws_10812938_3.loc[(ws_10812938_3['College'] == 'laval'), 'Player']",
    ),
    _ws(
        486,
        2,
        "ws_10812938_4",
        "Which CFL Teams drafted an OL in 2006?",
        "ws_10812938_4.loc[(ws_10812938_4['Position'] == 'ol'), 'CFL Team']",
    ),
    _ws(
        489,
        2,
        "ws_10812938_4",
        "What is the earliest pick listed in the table.",
        "ws_10812938_4['Pick #'].min()",
    ),
    _ws(
        499,
        1,
        "ws_10818465_1",
        "What is the max memory of the t5120 model?",
        "ws_10818465_1.loc[(ws_10818465_1['Model'] == 't5120'), 'Max memory']",
    ),
    _ws(
        503,
        1,
        "ws_10815352_1",
        "What is the sport of the La Liga league?",
        "ws_10815352_1.loc[(ws_10815352_1['League'] == 'la liga'), 'Sport']",
    ),
    _ws(
        507,
        1,
        "ws_10874596_1",
        "Who were the directors of the film submitted with the title Young Törless?",
        "ws_10874596_1.loc[(ws_10874596_1['Film title used in nomination'] == 'young törless'), 'Director']",
    ),
    _ws(
        513,
        1,
        "ws_10908676_7",
        "What is the title written by David Mamet?",
        "ws_10908676_7.loc[(ws_10908676_7['Written by'] == 'david mamet'), 'Title']",
    ),
    _ws(
        521,
        2,
        "ws_10935548_1",
        "Which episode had 16.38 million U.S. viewers?",
        "ws_10935548_1.loc[(ws_10935548_1['U.S. viewers (millions)'] == 16.38), 'Title']",
    ),
    _ws(
        524,
        2,
        "ws_10935548_1",
        "Which episode was directed by Jean de Segonzac?",
        "ws_10935548_1.loc[(ws_10935548_1['Directed by'] == 'jean de segonzac'), 'Title']",
    ),
    _ws(
        536,
        2,
        "ws_10932739_2",
        "How long is the orbital period for the planet that has a semimajor axis of 5.20 au?",
        "ws_10932739_2.loc[(ws_10932739_2['Semimajor Axis ( AU )'] == 5.2), 'Orbital Period']",
    ),
    _ws(
        542,
        1,
        "ws_10960039_1",
        "What player is pick #2?",
        "ws_10960039_1.loc[(ws_10960039_1['Pick #'] == 2), 'Player']",
    ),
    _ws(
        549,
        2,
        "ws_10966926_2",
        "Which player went to Michigan State?",
        "ws_10966926_2.loc[(ws_10966926_2['College'] == 'michigan state'), 'Player name']",
    ),
    _ws(
        551,
        1,
        "ws_10966926_2",
        "Which position does Colt Brennan play?",
        "ws_10966926_2.loc[(ws_10966926_2['Player name'] == 'colt brennan'), 'Position']",
    ),
    _ws(
        555,
        2,
        "ws_10975034_4",
        "How many CFL teams are from York college?",
        "ws_10975034_4.loc[(ws_10975034_4['College'] == 'york'), 'CFL Team'].count()",
    ),
    _ws(
        560,
        2,
        "ws_10960039_6",
        "What is the highest selection number for the saskatchewan roughriders team?",
        "ws_10960039_6.loc[(ws_10960039_6['CFL Team'] == 'saskatchewan roughriders'), 'Pick #'].max()",
    ),
    _ws(
        564,
        1,
        "ws_10975034_5",
        "What college did Craig Zimmer go to?",
        "ws_10975034_5.loc[(ws_10975034_5['Player'] == 'craig zimmer'), 'College']",
    ),
    _ws(
        577,
        1,
        "ws_1099080_1",
        "How many conditions have an unaffected prothrombin time and a prolonged bleeding time",
        "ws_1099080_1.loc[(ws_1099080_1['Prothrombin time'] == 'unaffected') & (ws_1099080_1['Bleeding time'] == 'prolonged'), 'Condition'].count()",
    ),
    _ws(
        578,
        1,
        "ws_1099080_1",
        "What was the bleeding time for the factor x deficiency as seen in amyloid purpura",
        "ws_1099080_1.loc[(ws_1099080_1['Condition'] == 'factor x deficiency as seen in amyloid purpura'), 'Bleeding time']",
    ),
    _ws(
        589,
        2,
        "ws_11056278_3",
        "Who drove the fastest lap at the Tenneco Automotive Grand Prix of Detroit?",
        "ws_11056278_3.loc[(ws_11056278_3['Race Name'] == 'tenneco automotive grand prix of detroit'), 'Fastest lap']",
    ),
    _ws(
        590,
        2,
        "ws_11056278_3",
        "Who had the fastest lap in the races won by Max Papis?",
        "ws_11056278_3.loc[(ws_11056278_3['Winning driver'] == 'max papis'), 'Fastest lap']",
    ),
    _ws(
        598,
        1,
        "ws_11058032_1",
        "What is the title of the episode directed by Mark Tinker?",
        "ws_11058032_1.loc[(ws_11058032_1['Directed by'] == 'mark tinker'), 'Title']",
    ),
    _ws(
        600,
        2,
        "ws_11058032_1",
        "How many episodes had 16.03 million viewers?",
        "ws_11058032_1.loc[(ws_11058032_1['U.S. viewers (millions)'] == 16.03), 'No. in series'].count()",
    ),
    _ws(
        610,
        1,
        "ws_1108394_43",
        "what's the\xa0party\xa0with\xa0brooklyn\xa0value of 51.0%",
        "ws_1108394_43.loc[(ws_1108394_43['Brooklyn'] == '51.0%'), 'party']",
    ),
    _ws(612, 1, "ws_1108394_43", "what is the minimum total", "ws_1108394_43['Total'].min()"),
    _ws(
        614,
        1,
        "ws_11094950_1",
        "Which teams were in the central division and located in livonia?",
        "ws_11094950_1.loc[(ws_11094950_1['Division'] == 'central') & (ws_11094950_1['Location'] == 'livonia'), 'Team']",
    ),
    _ws(
        616,
        1,
        "ws_11094950_1",
        "What conference was the churchill chargers team in?",
        "ws_11094950_1.loc[(ws_11094950_1['Team'] == 'churchill chargers'), 'Conference']",
    ),
    _ws(
        618,
        2,
        "ws_11111116_7",
        "Who directed an episode that had 2.81 million U.S. viewers?",
        "ws_11111116_7.loc[(ws_11111116_7['U.S. viewers (million)'] == 2.81), 'Directed by']",
    ),
    _ws(
        625,
        2,
        "ws_11111116_6",
        "The episode written by Rebecca Dameron aired on what date?",
        "ws_11111116_6.loc[(ws_11111116_6['Written by'] == 'rebecca dameron'), 'Original air date']",
    ),
    _ws(634, 1, "ws_1112176_1", "League apps (sub) maximum?", "ws_1112176_1['League Apps (Sub)'].max()"),
    _ws(
        636,
        2,
        "ws_11129123_1",
        "Which city had the charleston area convention center as its callback location",
        "ws_11129123_1.loc[(ws_11129123_1['Callback Venue'] == 'charleston area convention center'), 'Audition City']",
    ),
    _ws(
        638,
        2,
        "ws_11147852_1",
        "The station located in Albuquerque has been owned since what year?",
        "ws_11147852_1.loc[(ws_11147852_1['City of license/Market'] == 'albuquerque'), 'Owned since']",
    ),
    _ws(
        639,
        2,
        "ws_11147852_1",
        "What channels have stations that were affiliated in 2002?",
        "ws_11147852_1.loc[(ws_11147852_1['Year of affiliation'] == '2002'), 'Channel TV ( DT )']",
    ),
    _ws(
        647,
        1,
        "ws_11173827_1",
        "What is the english title that has finale as 33 and peak as 42?",
        "ws_11173827_1.loc[(ws_11173827_1['Finale'] == 33) & (ws_11173827_1['Peak'] == 42), 'English title']",
    ),
    _ws(
        648,
        1,
        "ws_11173827_1",
        "What is the english title where the premiere is less than 30.0 and the finale is bigger than 36.0?",
        "ws_11173827_1.loc[(ws_11173827_1['Premiere'] < 30) & (ws_11173827_1['Finale'] > 36), 'English title']",
    ),
    _ws(
        657,
        2,
        "ws_11206787_5",
        "What is the highest of balmoor/",
        "ws_11206787_5.loc[(ws_11206787_5['Stadium'] == 'balmoor'), 'Highest']",
    ),
    _ws(
        659,
        2,
        "ws_11206787_5",
        "What is the minimum capacity where airdrie united is?",
        "ws_11206787_5.loc[(ws_11206787_5['Team'] == 'airdrie united'), 'Capacity'].min()",
    ),
]

# ---------------------------------------------------------------- Data Carpentry lessons
CARPENTRY_CASES = [
    # r-socialsci (SAFI interviews, `interviews`)
    _dc(
        "oc-rs-01",
        1,
        "interviews",
        'filters observations where village name is "Chirodzo"',
        "interviews[interviews['village'] == 'Chirodzo']",
        RS.format("03-dplyr.Rmd#selecting-columns-and-filtering-rows (code comment)"),
    ),
    _dc(
        "oc-rs-02",
        2,
        "interviews",
        "Using pipes, subset the `interviews` data to include interviews where respondents were members of an irrigation association (`memb_assoc`) and retain only the columns `affect_conflicts`, `liv_count`, and `no_meals`.",
        "interviews.loc[interviews['memb_assoc'] == 'yes', ['affect_conflicts', 'liv_count', 'no_meals']]",
        RS.format("03-dplyr.Rmd#pipes (exercise)"),
    ),
    _dc(
        "oc-rs-03",
        2,
        "interviews",
        "We might be interested in the ratio of number of household members to rooms used for sleeping (i.e. avg number of people per room)",
        "interviews.assign(people_per_room=interviews['no_membrs'] / interviews['rooms'])",
        RS.format("03-dplyr.Rmd#mutate"),
        check=["people_per_room"],
    ),
    _dc(
        "oc-rs-04",
        2,
        "interviews",
        "Create a new dataframe from the `interviews` data that meets the following criteria: contains only the `village` column and a new column called `total_meals` containing a value that is equal to the total number of meals served in the household per day on average (`no_membrs` times `no_meals`). Only the rows where `total_meals` is greater than 20 should be shown in the final dataframe.",
        "interviews.assign(total_meals=interviews['no_membrs'] * interviews['no_meals']).query('total_meals > 20')[['village', 'total_meals']]",
        RS.format("03-dplyr.Rmd#mutate (exercise)"),
    ),
    _dc(
        "oc-rs-05",
        2,
        "interviews",
        "compute the average household size by village",
        "interviews.groupby('village')['no_membrs'].mean()",
        RS.format("03-dplyr.Rmd#the-summarize-function"),
    ),
    _dc(
        "oc-rs-06",
        1,
        "interviews",
        "count the number of rows of data for each village",
        "interviews.groupby('village').size()",
        RS.format("03-dplyr.Rmd#counting"),
    ),
    _dc(
        "oc-rs-07",
        2,
        "interviews",
        "How many households in the survey have an average of two meals per day? Three meals per day? Are there any other numbers of meals represented?",
        "interviews.groupby('no_meals').size()",
        RS.format("03-dplyr.Rmd#counting (exercise)"),
    ),
    _dc(
        "oc-rs-08",
        2,
        "interviews",
        "Use `group_by()` and `summarize()` to find the mean, min, and max number of household members for each village. Also add the number of observations (hint: see `?n`).",
        "interviews.groupby('village')['no_membrs'].agg(['mean', 'min', 'max', 'count'])",
        RS.format("03-dplyr.Rmd#counting (exercise)"),
    ),
    _dc(
        "oc-rs-09",
        2,
        "interviews",
        "What was the largest household interviewed in each month?",
        "interviews.groupby([pd.to_datetime(interviews['interview_date']).dt.year.rename('year'), pd.to_datetime(interviews['interview_date']).dt.month.rename('month')])['no_membrs'].max()",
        RS.format("03-dplyr.Rmd#counting (exercise)"),
        check=["month", "no_membrs"],
    ),
    _dc(
        "oc-rs-10",
        2,
        "interviews",
        "Create a tibble (`interviews_100`) containing only the data in row 100 of the `interviews` dataset.",
        "interviews.iloc[[99]]",
        RS.format("02-starting-with-data.Rmd#exercise"),
    ),
    _dc(
        "oc-rs-11",
        2,
        "interviews",
        "Use that number to pull out just that last row in the tibble.",
        "interviews.tail(1)",
        RS.format("02-starting-with-data.Rmd#exercise"),
    ),
    _dc(
        "oc-rs-12",
        2,
        "interviews",
        "Using the number of rows in the interviews dataset that you found in question 2, extract the row that is in the middle of the dataset.",
        "interviews.iloc[[65]]",
        RS.format("02-starting-with-data.Rmd#exercise (131 rows: the 66th is the middle one)"),
    ),
    _dc(
        "oc-rs-13",
        2,
        "interviews",
        "Combine `nrow()` with the `-` notation above to reproduce the behavior of `head(interviews)`, keeping just the first through 6th rows of the interviews dataset.",
        "interviews.head(6)",
        RS.format("02-starting-with-data.Rmd#exercise"),
    ),
    _dc(
        "oc-rs-14",
        1,
        "interviews",
        "first element in the first column of the tibble",
        "interviews.iloc[0, 0]",
        RS.format("02-starting-with-data.Rmd#subsetting-data-frames (code comment)"),
    ),
    _dc(
        "oc-rs-15",
        1,
        "interviews",
        "first element in the 6th column of the tibble",
        "interviews.iloc[0, 5]",
        RS.format("02-starting-with-data.Rmd#subsetting-data-frames (code comment)"),
    ),
    _dc(
        "oc-rs-16",
        1,
        "interviews",
        "first column of the tibble",
        "interviews.iloc[:, 0]",
        RS.format("02-starting-with-data.Rmd#subsetting-data-frames (code comment)"),
    ),
    _dc(
        "oc-rs-17",
        1,
        "interviews",
        "first three elements in the 7th column of the tibble",
        "interviews.iloc[0:3, 6]",
        RS.format("02-starting-with-data.Rmd#subsetting-data-frames (code comment)"),
    ),
    _dc(
        "oc-rs-18",
        1,
        "interviews",
        "the 3rd row of the tibble",
        "interviews.iloc[[2]]",
        RS.format("02-starting-with-data.Rmd#subsetting-data-frames (code comment)"),
    ),
    _dc(
        "oc-rs-19",
        1,
        "interviews",
        "The whole tibble, except the first column",
        "interviews.iloc[:, 1:]",
        RS.format("02-starting-with-data.Rmd#subsetting-data-frames (code comment)"),
    ),
    # genomics-r-intro (E. coli variant calls, `variants`)
    _dc(
        "oc-gr-01",
        2,
        "variants",
        "rows for which the reference genome has T or G",
        "variants[variants['REF'].isin(['T', 'G'])]",
        GR.format("selecting-columns-and-filtering-rows (code comment)"),
    ),
    _dc(
        "oc-gr-02",
        1,
        "variants",
        "rows that have TRUE in the column INDEL",
        "variants[variants['INDEL']]",
        GR.format("selecting-columns-and-filtering-rows (code comment)"),
    ),
    _dc(
        "oc-gr-03",
        1,
        "variants",
        "rows that don't have missing data in the IDV column",
        "variants[variants['IDV'].notna()]",
        GR.format("selecting-columns-and-filtering-rows (code comment)"),
    ),
    _dc(
        "oc-gr-04",
        1,
        "variants",
        "rows with QUAL values greater than or equal to 100",
        "variants[variants['QUAL'] >= 100]",
        GR.format("selecting-columns-and-filtering-rows (code comment)"),
    ),
    _dc(
        "oc-gr-05",
        2,
        "variants",
        'Create a table that contains all the columns with the letter "i" and column "POS", without columns "Indiv" and "FILTER".',
        "variants[['POS'] + [c for c in variants.columns if 'i' in c.lower() and c not in ['Indiv', 'FILTER']]]",
        GR.format(
            "selecting-columns-and-filtering-rows (challenge; its hint: contains() is not case sensitive)"
        ),
    ),
    _dc(
        "oc-gr-06",
        2,
        "variants",
        "Select all the mutations that occurred between the positions 1e6 (one million) and 2e6 (inclusive) that have a QUAL greater than 200, and exclude INDEL mutations.",
        "variants[(variants['POS'] >= 1e6) & (variants['POS'] <= 2e6) & (variants['QUAL'] > 200) & ~variants['INDEL']]",
        GR.format("selecting-columns-and-filtering-rows (challenge)"),
    ),
    _dc(
        "oc-gr-07",
        2,
        "variants",
        "Starting with the `variants` data frame, use pipes to subset the data to include only observations from SRR2584863 sample, where the filtered depth (DP) is at least 10. Showing only 5th through 11th rows of columns `REF`, `ALT`, and `POS`.",
        "variants[(variants['sample_id'] == 'SRR2584863') & (variants['DP'] >= 10)].iloc[4:11][['REF', 'ALT', 'POS']]",
        GR.format("pipes (exercise)"),
    ),
    _dc(
        "oc-gr-08",
        2,
        "variants",
        "convert the polymorphism confidence value QUAL to a probability value according to the formula: Probability = 1- 10 ^ -(QUAL/10)",
        "variants.assign(Probability=1 - 10 ** -(variants['QUAL'] / 10))",
        GR.format("mutate"),
        check=["Probability"],
    ),
    _dc(
        "oc-gr-09",
        2,
        "variants",
        "tally the number of mutations detected in each sample",
        "variants.groupby('sample_id').size()",
        GR.format("group_by-and-summarize-functions"),
    ),
    _dc(
        "oc-gr-10",
        2,
        "variants",
        "Count how many mutations are INDELS vs substitutions (aka not indels).",
        "variants.groupby('INDEL').size()",
        GR.format("group_by-and-summarize-functions (challenge)"),
    ),
    _dc(
        "oc-gr-11",
        2,
        "variants",
        "view the mean, median, maximum, and minimum filtered depth (`DP`) for each sample",
        "variants.groupby('sample_id')['DP'].agg(['mean', 'median', 'max', 'min'])",
        GR.format("group_by-and-summarize-functions"),
    ),
    _dc(
        "oc-gr-12",
        1,
        "variants",
        'select columns that end with the letter "B"',
        "variants[[c for c in variants.columns if c.endswith('B')]]",
        GR.format("selecting-columns-and-filtering-rows"),
    ),
    _dc(
        "oc-gr-13",
        1,
        "variants",
        "create a new data frame containing only observations from SRR2584863",
        "variants[variants['sample_id'] == 'SRR2584863']",
        GR.replace("05-dplyr.Rmd", "03-basics-factors-dataframes.Rmd").format(
            "subsetting-data-frames (code comment)"
        ),
    ),
    _dc(
        "oc-gr-14",
        1,
        "variants",
        "check the dimension of the data frame",
        "variants.shape",
        GR.replace("05-dplyr.Rmd", "03-basics-factors-dataframes.Rmd").format(
            "subsetting-data-frames (code comment)"
        ),
    ),
    _dc(
        "oc-gr-15",
        2,
        "variants",
        "Let's put the columns 1, 2, 3, and 6 into a new data frame called subset",
        "variants.iloc[:, [0, 1, 2, 5]]",
        GR.replace("05-dplyr.Rmd", "03-basics-factors-dataframes.Rmd").format(
            "summarizing-subsetting-and-determining-the-structure-of-a-data-frame"
        ),
    ),
    _dc(
        "oc-gr-16",
        1,
        "variants",
        'extract the "ALT" column to a new object',
        "variants['ALT']",
        GR.replace("05-dplyr.Rmd", "03-basics-factors-dataframes.Rmd").format(
            "introducing-factors (code comment)"
        ),
    ),
    _dc(
        "oc-gr-17",
        2,
        "variants",
        'change `sorted_by_DP` to start with variants with the greatest filtered depth ("DP").',
        "variants.sort_values('DP', ascending=False)",
        GR.replace("05-dplyr.Rmd", "03-basics-factors-dataframes.Rmd").format(
            "data-frame-bonus-material-math-sorting-renaming (exercise)"
        ),
        order_by=["DP"],
    ),
    # python-socialsci (SAFI results, `safi_results`)
    _dc(
        "oc-ps-01",
        1,
        "safi_results",
        "Get a list of the different `C01_respondent_roof_type` values.",
        "safi_results['C01_respondent_roof_type'].unique()",
        PS.format("10-aggregations.md#exercise (step 2)"),
    ),
    _dc(
        "oc-ps-02",
        1,
        "safi_results",
        "Remove rows with NULL values for `E_no_group_count`.",
        "safi_results[safi_results['E_no_group_count'].notna()]",
        PS.format("10-aggregations.md#exercise (step 4)"),
    ),
    _dc(
        "oc-ps-03",
        1,
        "safi_results",
        "convert all of the NaN values in the `E19_period_use` column to 0",
        "safi_results.assign(E19_period_use=safi_results['E19_period_use'].fillna(0))",
        PS.format("10-aggregations.md#replace-nan-with-a-value-of-our-choice"),
    ),
    # tidyr vignettes (tidyr's own example data)
    _dc(
        "oc-td-01",
        2,
        "fish_encounters",
        "Many tools used to analyse this data need it in a form where each station is a column",
        "fish_encounters.pivot(index='fish', columns='station', values='seen')",
        TD.format("pivot.Rmd#capture-recapture-data"),
        licence="MIT",
    ),
    _dc(
        "oc-td-02",
        3,
        "fish_encounters",
        "in this case we know that the absence of a record means that the fish was not `seen`, so we can ask `pivot_wider()` to fill these missing values in with zeros",
        "fish_encounters.pivot(index='fish', columns='station', values='seen').fillna(0)",
        TD.format("pivot.Rmd#capture-recapture-data (follows the widening above)"),
        licence="MIT",
    ),
    _dc(
        "oc-td-03",
        2,
        "relig_income",
        "To tidy it, we need to pivot the non-variable columns into a two-column key-value pair.",
        "relig_income.melt(id_vars='religion')",
        TD.format("tidy-data.Rmd#column-headers-are-values-not-variable-names"),
        licence="MIT",
    ),
    _dc(
        "oc-td-04",
        2,
        "billboard",
        "We transform the columns from `wk1` to `wk76`, making a new column for their names, `week`, and a new value for their values, `rank`",
        "billboard.melt(id_vars=['artist', 'track', 'date.entered'], var_name='week', value_name='rank')",
        TD.format("tidy-data.Rmd#column-headers-are-values-not-variable-names"),
        licence="MIT",
    ),
    _dc(
        "oc-td-05",
        2,
        "weather_mx",
        "To tidy this dataset we first use pivot_longer to gather the day columns",
        "weather_mx.melt(id_vars=['id', 'year', 'month', 'element'], var_name='day')",
        TD.format("tidy-data.Rmd#variables-are-stored-in-both-rows-and-columns"),
        licence="MIT",
    ),
]

# python-socialsci code comments that name no column: each is asked of all three lesson frames
# (the same words over different schemas test grounding, not memory)
_GENERIC = [
    (
        "oc-ps-04",
        1,
        "Select the first row from the Dataframe",
        "{f}.head(1)",
        "09-extracting-data.md#using-criteria-to-filter-rows (code comment)",
    ),
    (
        "oc-ps-05",
        2,
        "select every 100th record from the Dataframe.",
        "{f}.iloc[::100]",
        "09-extracting-data.md#using-criteria-to-filter-rows (code comment)",
    ),
    (
        "oc-ps-06",
        1,
        "select row with index of 1, 2 and 3 (rows 2, 3 and 4 in the Dataframe)",
        "{f}.iloc[1:4]",
        "09-extracting-data.md#filtering-by-rows (code comment)",
    ),
    (
        "oc-ps-07",
        1,
        "How many rows?",
        "len({f})",
        "08-Pandas.md#getting-information-about-a-dataframe (code comment)",
    ),
    (
        "oc-ps-08",
        1,
        "How many rows and columns - returned as a tuple",
        "{f}.shape",
        "08-Pandas.md#getting-information-about-a-dataframe (code comment)",
    ),
    (
        "oc-ps-09",
        2,
        "How many 'cells' in the table",
        "{f}.size",
        "08-Pandas.md#getting-information-about-a-dataframe (code comment)",
    ),
    (
        "oc-ps-10",
        1,
        "What are the column names",
        "list({f}.columns)",
        "08-Pandas.md#getting-information-about-a-dataframe (code comment)",
    ),
]
CARPENTRY_CASES += [
    _dc(f"{cid}-{frame}", tier, frame, request, ref.format(f=frame), PS.format(where))
    for cid, tier, request, ref, where in _GENERIC
    for frame in ("safi_results", "interviews", "variants")
]

CASES = WIKISQL_CASES + CARPENTRY_CASES
