"""Starter guides for recruits, seeded by migration 0002. Plain words; staff can edit them."""

RECRUIT_GUIDES = [
    {
        "slug": "how-the-nhs-is-organised",
        "title": "How the NHS in England is organised",
        "summary": "Who runs what: the government, NHS England, integrated care systems, "
        "trusts and the teams you will join.",
        "themes": ["nhs_system_knowledge"],
        "body": """\
The NHS is not one single employer. It is many organisations that work together. Knowing who
does what helps you understand emails, meetings and decisions in your first weeks.

## The national level

- **The Department of Health and Social Care** sets policy and the budget.
- **NHS England** leads the NHS day to day and sets national standards and plans.
- **The Care Quality Commission (CQC)** inspects and rates services. It checks that care is safe.

## The local level

- **Integrated care systems (ICSs)** bring the NHS, local councils and others together in one
  area, to plan care for the people who live there.
- **Trusts** provide most hospital, community, mental health and ambulance services. Your
  employer is probably a trust. A *foundation trust* has more freedom over its money.
- **Primary care** is GP practices, community pharmacies, dentists and opticians. Many patients
  come to you through primary care.

## Inside your trust

A trust has a board of directors. Services are grouped into divisions or care groups. Allied
Health Professionals (AHPs) usually sit in a therapies or AHP service, with a head of service and
a chief AHP or AHP lead who speaks for AHPs at senior level.

Your team leader is your first contact for daily questions. Your preceptor and buddy help you
settle in.

## Try this

Ask your manager to draw your service on one page: who you report to, who they report to, and
which other teams you will work with most.
""",
        "questions": [
            (
                "Which organisation inspects and rates health services in England?",
                "The CQC checks that services are safe, effective, caring, responsive and "
                "well led.",
                [
                    ("The Care Quality Commission (CQC)", True),
                    ("The HCPC", False),
                    ("Your trust's board", False),
                ],
            ),
            (
                "Which kind of organisation employs most hospital and community AHPs?",
                "Most AHPs are employed by trusts.",
                [("A trust", True), ("NHS England", False), ("A GP practice", False)],
            ),
        ],
    },
    {
        "slug": "agenda-for-change-and-banding",
        "title": "Agenda for Change: pay bands and what they mean",
        "summary": "How NHS pay works for AHPs: bands, pay points, leave and what band 5, 6 and "
        "7 roles usually expect.",
        "themes": ["nhs_system_knowledge", "onboarding"],
        "body": """\
**Agenda for Change** (often shortened to AfC) is the pay system for most NHS staff, including
all AHPs. Doctors and very senior managers are paid differently.

## Bands

Every job is matched to a **band** from 1 to 9. The band depends on the job, not the person. It
is set by a process called job evaluation, which looks at the knowledge, responsibility and
effort the job needs.

- **Band 5**: the usual starting band for a newly registered AHP. You work with supervision and
  build your experience, often in rotations.
- **Band 6**: an experienced practitioner who works more independently and may supervise others.
- **Band 7**: an advanced or specialist practitioner, or a team lead.

If you were experienced before you came to the UK, your job offer says which band you start in.
Ask your manager if it is not clear why.

## Pay points and progression

Each band has pay points. You move up a point after a set time, when you have met the
expectations agreed with your manager in your appraisal. Pay rates change each year: check the
current tables on the NHS Employers website.

## Leave and other terms

- Annual leave starts at 27 days plus bank holidays, and rises with years of NHS service.
- Extra pay applies for work in unsocial hours, such as nights and weekends.
- You can join the NHS Pension Scheme, and your employer pays in too.

## Try this

Find your band on your contract, and ask your manager what a good first year in that band looks
like.
""",
        "questions": [
            (
                "What band do newly registered AHPs usually start at?",
                "Newly registered AHPs usually start at band 5.",
                [("Band 5", True), ("Band 3", False), ("Band 8a", False)],
            ),
            (
                "What decides the band of a job?",
                "The band belongs to the job, set by job evaluation.",
                [
                    ("The job itself, through job evaluation", True),
                    ("The country where you trained", False),
                    ("Your age", False),
                ],
            ),
        ],
    },
    {
        "slug": "hcpc-standards-of-conduct",
        "title": "The HCPC standards of conduct, performance and ethics",
        "summary": "The ten standards every HCPC registrant must meet, and what they mean in a "
        "normal working day.",
        "themes": ["hcpc_registration", "cpd"],
        "body": """\
The Health and Care Professions Council (HCPC) registers most AHPs in the UK. To stay on the
register you must meet its **standards of conduct, performance and ethics**. There are ten:

1. Promote and protect the interests of service users and carers.
2. Communicate appropriately and effectively.
3. Work within the limits of your knowledge and skills.
4. Delegate appropriately.
5. Respect confidentiality.
6. Manage risk.
7. Report concerns about safety.
8. Be open when things go wrong.
9. Be honest and trustworthy.
10. Keep records of your work.

## What this looks like at work

- If a task is outside what you are trained or confident to do, say so and ask for help. This is
  standard 3, and it is a strength, not a weakness.
- Being open when things go wrong (standard 8) means telling the person affected, saying sorry
  and explaining what happens next. Saying sorry is not an admission of blame.
- Keep records clear, accurate and on time (standard 10). If it is not written down, others
  cannot rely on it.

## Continuing professional development (CPD)

The HCPC also asks you to keep a continuous, up-to-date record of your CPD, with a mix of
learning activities, showing how your learning improved your practice and helped service users.
At each renewal the HCPC asks a sample of registrants for a CPD profile. Use the CPD record in
this portal to keep yours ready.

Read the full standards on the HCPC website: [HCPC standards](https://www.hcpc-uk.org/standards/).
""",
        "questions": [
            (
                "You are asked to do a procedure you have not been trained in. What do you do?",
                "Standard 3: work within the limits of your knowledge and skills.",
                [
                    ("Say so, and ask for supervision or training", True),
                    ("Do it anyway so as not to look unsure", False),
                    ("Ask the patient to come back another day without telling anyone", False),
                ],
            ),
            (
                "Does saying sorry to a patient when something goes wrong mean you admit "
                "legal blame?",
                "No. Being open and saying sorry is what the standards ask for.",
                [("No", True), ("Yes", False)],
            ),
        ],
    },
    {
        "slug": "working-in-uk-teams",
        "title": "Working in UK health and care teams",
        "summary": "How teams talk, decide and hand over in the NHS, and the small habits that "
        "help you settle in.",
        "themes": ["cultural", "belonging_wellbeing"],
        "body": """\
Every country has its own working culture. Some habits in NHS teams surprise people at first.
None of this means your way was wrong: it is just how things usually work here.

## Names and hierarchy

- Most colleagues use first names, including senior staff. It is polite to ask: "What would you
  like me to call you?"
- Teams are fairly flat. Everyone is expected to speak up, including the newest member.

## Asking and saying no

- Questions are welcome. Asking shows you care about safety.
- People often ask indirectly: "Could you possibly..." usually means "please do this".
- You can say "I am not sure" or "I have not done this before". It is expected and safe.

## Working with patients

- Patients take part in decisions about their care. Explain options and check what matters to
  them. Consent must be given freely and can be withdrawn.
- Use plain words, avoid jargon, and check understanding by asking the patient to explain back.

## Handovers and escalation

Many teams use **SBAR** to hand over or escalate: *Situation, Background, Assessment,
Recommendation*. Ask your team which tools they use.

## Looking after yourself

Breaks matter. Talk to your buddy about anything that feels strange or hard: most people who
moved here felt the same at first.
""",
        "questions": [
            (
                "What does SBAR stand for?",
                "Situation, Background, Assessment, Recommendation.",
                [
                    ("Situation, Background, Assessment, Recommendation", True),
                    ("Staff, Band, Appraisal, Review", False),
                    ("Safety, Balance, Action, Result", False),
                ],
            ),
        ],
    },
    {
        "slug": "raising-concerns",
        "title": "Raising concerns: speaking up safely",
        "summary": "What to do if you are worried about safety or how people are treated, and "
        "who can help.",
        "themes": ["hcpc_registration", "nhs_system_knowledge", "belonging_wellbeing"],
        "body": """\
If you are worried about patient safety, poor care or how someone is being treated, you should
speak up. The HCPC standards say you must report concerns about safety, and the NHS wants to
hear them.

## Who to talk to

1. **Your line manager or team leader** is usually the first person to tell.
2. If that is hard, or it is about them, go to **another senior colleague** or your preceptor.
3. Every NHS trust has a **Freedom to Speak Up Guardian**. They are independent of your line
   management and can help in confidence.
4. For an incident, use your trust's **incident reporting system**. Your team will show you how.

## You are protected

- Raising a genuine concern is protected by UK law. You should not be treated badly for it.
- Speaking up does not put your registration at risk. Staying silent about a safety risk can.
- You can ask for your name to be kept confidential.

## Bullying, harassment and racism

These are concerns too. You deserve to be treated with respect. Talk to your manager, your
Freedom to Speak Up Guardian, HR, or your union if you have one.

## Try this

Find out the name of your trust's Freedom to Speak Up Guardian and how to contact them.
""",
        "questions": [
            (
                "Who in every NHS trust can help you raise a concern in confidence, outside "
                "your line management?",
                "Every trust has a Freedom to Speak Up Guardian.",
                [
                    ("The Freedom to Speak Up Guardian", True),
                    ("The CQC inspector", False),
                    ("Nobody: you must go to your manager", False),
                ],
            ),
        ],
    },
]
