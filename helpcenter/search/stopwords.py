"""Words that say nothing about what a partner needs ("how", "do", "my"; "hoe", "ik", "mijn").

A query is matched on its other words, so "how do i get my money" is a search for "money".
The lists follow Snowball's stop word lists, plus the contractions partners type without an
apostrophe ("cant", "didnt"), plus the words of asking for help that every article would
answer ("get", "work", "lukt", "krijg": "inloggen lukt niet" is a search for "inloggen").
A query of only such words is searched as typed.
"""

from __future__ import annotations

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""
        a about above after again against all am an and any are as at be because been before
        being below between both but by can cannot cant could couldnt did didnt do does doesnt
        doing dont down during each few for from further had hadnt has hasnt have havent having
        he her here hers herself him himself his how i if in into is isnt it its itself just
        me more most my myself no nor not of off on once only or other ought our ours
        ourselves out over own same she should shouldnt so some such t than that the their
        theirs them themselves then there these they this those through to too under until up
        very was wasnt we were werent what when where which while who whom why will with wont
        would wouldnt you your yours yourself yourselves s ll ve re d m
        get gets got getting help need want please work works working worked
    """.split()),
    "nl": frozenset("""
        aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door
        dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun
        iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar
        niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit
        uw van veel voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich
        zij zijn zo zonder zou
        krijg krijgt krijgen kreeg gekregen lukt lukken gelukt werkt werken graag hulp
    """.split()),
}
