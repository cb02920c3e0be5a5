"""`signals export --municipality` reads the code in every form the tenancy import reads it;
a code that nothing here has is an error naming it, with exit status 1, never 0 signals."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from huurpad.collection.run import run_policy
from huurpad.signals.models import EarlySignal, SignalExport
from huurpad.signals.tests.test_signals import DUE, corporation, household  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("written", ["GM0599", "gm0599", "0599", "599", " GM0599 ", "Gm599"])
def test_every_form_the_import_reads_exports_the_same_signals(corporation, capsys, written):
    household("READY")
    run_policy(DUE, full=True)
    call_command("signals", "export", "--municipality", written, "--format", "csv", "--date", DUE.isoformat())
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert SignalExport.objects.get().municipality_code == "GM0599"
    assert EarlySignal.objects.get().status == "exported"


@pytest.mark.parametrize("written", ["GM9999", "0344", "Rotterdam", "GM05990", ""])
def test_an_unknown_code_is_an_error_naming_it(corporation, written):
    household("READY")
    run_policy(DUE, full=True)
    with pytest.raises(CommandError) as refused:
        call_command("signals", "export", "--municipality", written, "--date", DUE.isoformat())
    assert repr(written) in str(refused.value)
    assert refused.value.returncode == 1
    assert not SignalExport.objects.exists()


def test_the_web_export_reads_the_code_the_same_way_and_refuses_an_unknown_one(corporation, client, django_user_model):
    household("READY")
    run_policy(DUE, full=True)
    officer = django_user_model.objects.create_user("officer", password="pw")
    officer.groups.add(Group.objects.get(name="incassomedewerker"))
    client.force_login(officer)

    client.post(reverse("signals:export", args=["599"]), {"format": "csv"})
    assert SignalExport.objects.get().municipality_code == "GM0599"

    refused = client.post(reverse("signals:export", args=["GM9999"]), {"format": "csv"}, follow=True)
    assert "Gemeente GM9999 kennen we niet. Er is niets verstuurd." in refused.content.decode()
    assert SignalExport.objects.count() == 1
