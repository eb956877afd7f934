"""Who am I, as the API sees me."""

from ninja import Router, Schema

from ..auth import actor

router = Router(tags=["Sistem"])


class SayaOut(Schema):
    username: str
    peran: str
    instansi_id: int | None
    pegawai_nip: str | None
    api_key: str | None


@router.get("/saya", response=SayaOut, summary="Identitas pemanggil")
def saya(request):
    user = actor(request)
    pegawai = getattr(user, "pegawai", None)
    key = getattr(request, "api_key", None)
    return {
        "username": user.username,
        "peran": user.peran,
        "instansi_id": user.instansi_id or (pegawai.instansi_id if pegawai else None),
        "pegawai_nip": pegawai.nip if pegawai else None,
        "api_key": key.prefix if key else None,
    }
