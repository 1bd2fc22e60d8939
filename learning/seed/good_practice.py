"""Good-practice guides for managers, seeded by migration 0002: the employer practices HEE's
study recommends, each with a short illustrative case study."""

GOOD_PRACTICE_GUIDES = [
    {
        "slug": "good-practice-values-based-recruitment",
        "topic": "values-based-recruitment",
        "title": "Values-based recruitment for international AHPs",
        "summary": "Recruit for the NHS values as well as skills, in a way that is fair to "
        "people who trained and worked abroad.",
        "themes": ["onboarding", "cultural"],
        "body": """\
Values-based recruitment means looking for people whose values match the **NHS Constitution**:
working together for patients, respect and dignity, commitment to quality of care, compassion,
improving lives, and everyone counts.

## Doing it fairly

- Ask about real situations ("Tell me about a time you...") and accept examples from any health
  system. A good example from abroad is as good as one from the UK.
- Give candidates the values and the interview format in advance. Not everyone knows the NHS
  style of interview.
- Score answers against agreed criteria, not on accent, fluency or confidence in an unfamiliar
  format.
- Use at least two interviewers, with one who has recruited internationally before.

## In the portal

Record the job's band and expectations clearly on the offer, so that the recruit knows what
"good" looks like from day one.
""",
        "case_study": """\
**Illustrative example.** A community therapy service rewrote its interview questions around
the NHS values and sent them to candidates a week early, with a short note on how NHS interviews
work. Interviewers scored against a shared sheet. Candidates said they felt able to show what
they could do, and the team found the recruits they appointed settled faster because
expectations were agreed from the start.
""",
    },
    {
        "slug": "good-practice-positive-inclusion",
        "topic": "positive-inclusion",
        "title": "Positive inclusion decisions at shortlisting",
        "summary": "Shortlist on what the role needs, and avoid screening out good candidates "
        "because their experience looks different.",
        "themes": ["onboarding", "cultural"],
        "body": """\
Shortlisting is where many internationally educated candidates are lost, often without anyone
meaning it.

## Practical steps

- Shortlist against the essential criteria in the person specification, and nothing else.
- Treat overseas experience as experience. Do not require UK experience unless the role truly
  needs it.
- Understand where the candidate is in HCPC registration, and plan for it in the recruitment
  timeline instead of rejecting them for not being registered yet.
- Where two candidates are equally suitable, consider the benefit of a more diverse team.
- Remove names and photos from applications before shortlisting, if your process allows.

## Check your results

Look at how many international applicants reach interview compared with other applicants. If
the gap is large, look again at your criteria.
""",
        "case_study": """\
**Illustrative example.** A trust found that few international applicants reached interview for
band 5 posts. Its shortlisting panels had been asking for "NHS experience" that was not in the
person specification. After a short briefing and a checklist for panels, the share of
international applicants invited to interview rose, and appointments followed.
""",
    },
    {
        "slug": "good-practice-induction-and-preceptorship",
        "topic": "induction-preceptorship",
        "title": "Extended induction and preceptorship",
        "summary": "A longer, structured start and a 12-month preceptorship with protected "
        "time, reviewed at 3, 6 and 12 months.",
        "themes": ["onboarding", "cpd", "nhs_system_knowledge"],
        "body": """\
International recruits need the usual trust induction and more: the NHS system, UK practice
and law, documentation, and local ways of working.

## Induction

- Plan a longer induction than for UK graduates, with time to shadow before taking a full
  caseload.
- Cover the NHS structure, Agenda for Change, the HCPC standards, safeguarding, consent and
  record keeping. The learning library in this portal has starter guides.

## Preceptorship

The AHP Preceptorship Standards and Framework suggest a **12-month preceptorship** with
**protected time**, for internationally educated AHPs too.

- Agree objectives at the start, with the preceptee.
- Protect time for it in job plans and rotas, and log it.
- Hold reviews at 3, 6 and 12 months, signed off by both people.
- Preceptorship is support, **not a pass or fail**.

## In the portal

Start a preceptorship from the learning pages. The preceptor comes from the recruit's pastoral
support assignments.
""",
        "case_study": """\
**Illustrative example.** A physiotherapy service gave each international recruit two hours of
protected preceptorship time a week for the first three months, then one hour a week. Reviews at
3, 6 and 12 months were booked on day one. The service saw fewer early leavers, and preceptees
said the protected time meant they could ask questions without feeling they were a burden.
""",
    },
    {
        "slug": "good-practice-shadowing",
        "topic": "shadowing",
        "title": "Shadowing before a full caseload",
        "summary": "Let new recruits watch experienced colleagues before they practise alone.",
        "themes": ["onboarding", "cultural", "nhs_system_knowledge"],
        "body": """\
Shadowing lets a recruit see how things are done here before they are expected to do them:
handovers, consent conversations, documentation, and the unwritten rules.

## Making shadowing work

- Plan it: a timetable of sessions with named colleagues across the settings the recruit will
  work in.
- Include other professions, such as nurses and doctors on the ward, and community teams.
- Give the recruit a few questions to think about for each session, and a short debrief after.
- Move from watching, to doing with support, to doing alone, at the recruit's pace.
""",
        "case_study": """\
**Illustrative example.** An occupational therapy team built a two-week shadowing timetable for
each new international recruit, covering wards, outpatients and community visits, with a
15-minute debrief each day. Recruits said the debriefs were where they learned the most, because
they could ask "why do you do it that way?"
""",
    },
    {
        "slug": "good-practice-mentoring",
        "topic": "mentoring",
        "title": "Mentoring for professional growth",
        "summary": "A mentor helps with career and professional development, alongside the "
        "day-to-day buddy and the preceptor.",
        "themes": ["cpd", "belonging_wellbeing"],
        "body": """\
A mentor is usually a more experienced professional, often outside the recruit's line
management, who helps them think about their development and career in the UK.

## Good mentoring

- Match by profession, interests or shared experience. Mentors who trained abroad themselves
  can be especially helpful.
- Agree how often to meet and what the mentoring is for.
- Keep conversations confidential, unless there is a safety concern.
- Link mentoring to the recruit's CPD: what are they learning, and how is it changing practice?

## In the portal

Assign a mentor from pastoral support. Mentors can see what the recruit chooses to share.
""",
        "case_study": """\
**Illustrative example.** A radiography department paired each international recruit with a
mentor from another site who had also trained abroad. They met monthly for a year. Several
recruits used the time to plan their first specialist training, and two later became mentors
themselves.
""",
    },
    {
        "slug": "good-practice-buddies",
        "topic": "buddies",
        "title": "A work-based buddy for day-to-day questions",
        "summary": "A named colleague for the small questions that make a big difference in "
        "the first months.",
        "themes": ["pastoral_support", "belonging_wellbeing", "onboarding"],
        "body": """\
A buddy is a peer, not a manager: someone in the same team who can answer the everyday
questions. Where is the form? Who do I ask about this? Is it normal that...?

## Choosing a buddy

- Choose someone at a similar level, who wants the role and has time for it.
- Where possible, choose someone in the same profession and on similar shifts.
- Do not give one person too many recruits to buddy at once. The portal shows each person's
  capacity.

## What a buddy does

- Meets the recruit on their first day and shows them around.
- Checks in often in the first weeks (weekly is a good start), then less often.
- Notices when the recruit is struggling and, with their agreement, tells the manager.

## What a buddy does not do

A buddy does not assess or supervise clinical work. That is for the preceptor and the manager.

## Changing a buddy

Recruits can ask, privately, for a different buddy. Treat this kindly: a match that does not
work is nobody's fault.
""",
        "case_study": """\
**Illustrative example.** A speech and language therapy team asked for volunteers to buddy new
international recruits and gave each buddy an hour a week for the first month. Buddies met their
recruit at the station on day one. Recruits said the buddy was who they went to first, and
managers noticed problems such as housing and money worries earlier.
""",
    },
    {
        "slug": "good-practice-preparing-the-workforce",
        "topic": "preparing-workforce",
        "title": "Preparing your current workforce",
        "summary": "Help the existing team welcome international colleagues: cultural "
        "awareness, fair allocation, and calling out poor behaviour.",
        "themes": ["cultural", "belonging_wellbeing"],
        "body": """\
How the current team behaves makes the biggest difference to whether international recruits
stay.

## Before recruits arrive

- Tell the team who is joining, where from, and when.
- Run a short cultural awareness session: different health systems, communication styles, and
  how it feels to move country.
- Agree as a team how to help: shadowing, buddying, and patience with new systems.

## Once they are here

- Allocate work fairly. Do not give new recruits the least popular shifts by default.
- Challenge bullying, exclusion and racist remarks, from staff or patients, every time.
- Include recruits in social plans, and think about food, faith and family when planning.
""",
        "case_study": """\
**Illustrative example.** Before a group of international AHPs joined, a trust's therapy
managers held a one-hour team session, led by colleagues who had themselves moved to the UK.
Staff said it changed how they thought about the newcomers' questions, and the recruits noticed
a warmer welcome than friends had found elsewhere.
""",
    },
    {
        "slug": "good-practice-community-groups",
        "topic": "community-groups",
        "title": "Links to community, diaspora and professional groups",
        "summary": "Connect recruits with staff networks, diaspora communities and their "
        "professional body.",
        "themes": ["belonging_wellbeing", "pastoral_support", "cpd"],
        "body": """\
Belonging outside work matters as much as support at work.

## Groups to link recruits with

- Your trust's **staff networks**, such as a race equality or international staff network.
- Local **diaspora and faith communities**, who can help with food, worship, schools and
  friendship.
- Their **professional body** (for example the Chartered Society of Physiotherapy or the Royal
  College of Occupational Therapists), for CPD, advice and union support.

## How to do it well

- Keep an up-to-date list of local groups and contacts. The pastoral networks in this portal are
  a place to keep it.
- Introduce people, do not just give a link. Ask a network member to say hello.
- Respect choice: some recruits want these links and some do not.
""",
        "case_study": """\
**Illustrative example.** A trust's international staff network offered every new AHP recruit a
welcome call from a member who spoke their language, and a list of local groups. Recruits who
took part said they felt at home sooner, and the network grew into a source of buddies and
mentors.
""",
    },
]
