"""`{% member_messages member as outbox %}`: the member page lists messages without registry importing us."""

from django import template

from sanad.notifications.selectors import member_messages as member_messages_select

register = template.Library()


@register.simple_tag
def member_messages(member, limit: int = 20):
    return member_messages_select(member_id=member.pk, limit=limit)
