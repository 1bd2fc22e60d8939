from accounts.models import User
from candidates.models import CandidateProfile, Pathway, Profession
from portal.demo import DemoWorld, demo_user

# (email, name, ODS code, profession slug, country of training, nationality, pathway)
RECRUITS = [
    ("anjali@example.com", "Anjali Menon", "RJ1", "physiotherapist", "IN", "IN", Pathway.OVERSEAS),
    ("jose@example.com", "Jose Santos", "RJ1", "radiographer", "PH", "PH", Pathway.OVERSEAS),
    (
        "amal@example.com",
        "Amal Haddad",
        "RJ1",
        "speech-and-language-therapist",
        "SY",
        "SY",
        Pathway.REFUGEE_IN_UK,
    ),
    (
        "chidi@example.com",
        "Chidi Obi",
        "RX1",
        "occupational-therapist",
        "ZA",
        "ZA",
        Pathway.OVERSEAS,
    ),
    ("mei@example.com", "Mei Tan", "RX1", "dietitian", "AU", "MY", Pathway.UK_RESIDENT),
    ("lucas@example.com", "Lucas Pereira", "RK9", "paramedic", "BR", "BR", Pathway.OVERSEAS),
    ("farah@example.com", "Farah Yousef", "RK9", "podiatrist", "AF", "AF", Pathway.REFUGEE_IN_UK),
]


def seed(world: DemoWorld) -> None:
    for email, name, ods_code, slug, trained_in, nationality, pathway in RECRUITS:
        user = demo_user(email=email, full_name=name, role=User.Role.RECRUIT)
        profile, _ = CandidateProfile.objects.update_or_create(
            user=user,
            defaults={
                "organisation": world.organisations[ods_code],
                "profession": Profession.objects.get(slug=slug),
                "country_of_training": trained_in,
                "nationality": nationality,
                "pathway": pathway,
            },
        )
        world.recruits[email] = profile
        world.logins.append(
            (email, f"recruit: {profile.profession}, {profile.get_pathway_display()}", "")
        )
