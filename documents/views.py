from django.shortcuts import render

from programs.models import AgendaItem, Center, Program, Strategy

from .models import Announcement, Committee, Meeting, Ministry, Person


def home(request):
    """What the knowledge base holds, and its newest announcements."""
    counted = [
        Announcement,
        Ministry,
        Committee,
        Meeting,
        AgendaItem,
        Strategy,
        Program,
        Center,
        Person,
    ]
    counts = [(model._meta.verbose_name_plural, model.objects.count()) for model in counted]
    context = {
        "counts": counts,
        "latest_announcements": Announcement.objects.only("title", "date", "kind")[:10],
        "current_ministries": Ministry.objects.current().filter(kind=Ministry.Kind.MINISTRY),
    }
    return render(request, "home.html", context)
