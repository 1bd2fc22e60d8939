from accounts.models import User
from employers.models import Membership, Organisation, Region
from portal.demo import DemoWorld, demo_mfa, demo_user

ORGANISATIONS = [
    ("RJ1", "Riverside University Hospitals NHS Foundation Trust", Region.LONDON),
    ("RX1", "Northfield Teaching Hospitals NHS Trust", Region.NORTH_EAST_AND_YORKSHIRE),
    ("RK9", "Moorland and Coast NHS Foundation Trust", Region.SOUTH_WEST),
]

# (email, name, organisation ODS code, duties)
STAFF = [
    ("manager@riverside.example", "Grace Okafor", "RJ1", ["manager"]),
    ("buddy@riverside.example", "Tom Ellis", "RJ1", ["buddy"]),
    ("mentor@riverside.example", "Priya Natarajan", "RJ1", ["mentor", "buddy"]),
    ("manager@northfield.example", "David Hughes", "RX1", ["manager"]),
    ("buddy@northfield.example", "Aisha Rahman", "RX1", ["buddy", "mentor"]),
    ("manager@moorland.example", "Claire Penrose", "RK9", ["manager", "buddy"]),
]

ANALYST = ("analyst@hee.example", "Sam Whitfield")


def seed(world: DemoWorld) -> None:
    for ods_code, name, region in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            ods_code=ods_code, defaults={"name": name, "region": region}
        )
        world.organisations[ods_code] = organisation

    for email, full_name, ods_code, duties in STAFF:
        user = demo_user(email=email, full_name=full_name, role=User.Role.EMPLOYER_STAFF)
        for duty in duties:
            Membership.objects.get_or_create(
                user=user, organisation=world.organisations[ods_code], role=duty
            )
        world.staff[email] = user
        world.logins.append(
            (email, f"{', '.join(duties)} at {world.organisations[ods_code].name}", demo_mfa(user))
        )

    email, full_name = ANALYST
    analyst = demo_user(email=email, full_name=full_name, role=User.Role.HEE_ANALYST)
    world.analysts[email] = analyst
    world.logins.append((email, "HEE analyst", demo_mfa(analyst)))
