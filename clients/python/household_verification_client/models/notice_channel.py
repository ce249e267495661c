from enum import StrEnum


class NoticeChannel(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    PHONE = "phone"
    POST = "post"
    PUBLIC_NOTICE = "public_notice"
    SMS = "sms"

    def __str__(self) -> str:
        return str(self.value)
