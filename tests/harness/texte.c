/* texte.c : la seule façon d'ajouter du texte borné dans le banc ; tronque, jamais au-delà. */
#include "banc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Ce qui remplace la fin d'un texte coupé : un caractère UTF-8 entier, puis une fin de ligne. */
static const char marque[] = "…\n";

struct texte texte_sur(char *buf, size_t taille)
{
	struct texte t = {buf, 0, taille, false};

	if (taille > 0)
		buf[0] = '\0';
	return t;
}

void texte_vider(struct texte *t)
{
	t->lg = 0;
	t->tronque = false;
	if (t->taille > 0)
		t->buf[0] = '\0';
}

size_t texte_reste(const struct texte *t)
{
	return t->tronque ? 0 : t->taille - t->lg;
}

void texte_couper(struct texte *t)
{
	size_t lg = t->lg;

	if (t->tronque)
		return;
	t->tronque = true;
	if (t->taille < sizeof marque)
		return;
	if (lg > t->taille - sizeof marque)
		lg = t->taille - sizeof marque;
	/* Reculer jusqu'au début d'un caractère : ne jamais en laisser un coupé en deux. */
	while (lg > 0 && ((unsigned char)t->buf[lg] & 0xc0) == 0x80)
		lg--;
	memcpy(t->buf + lg, marque, sizeof marque);
	t->lg = lg + sizeof marque - 1;
}

void texte_revenir(struct texte *t, size_t lg)
{
	if (lg >= t->taille || lg > t->lg)
		return;
	t->lg = lg;
	t->tronque = false;
	t->buf[lg] = '\0';
}

void texte_ajouter_v(struct texte *t, const char *fmt, va_list ap)
{
	size_t libre;
	int n;

	if (t->tronque || t->taille == 0)
		return;
	libre = t->taille - t->lg;
	n = vsnprintf(t->buf + t->lg, libre, fmt, ap);
	if (n < 0)
		t->buf[t->lg] = '\0'; /* erreur de conversion : rien d'ajouté */
	else if ((size_t)n < libre)
		t->lg += (size_t)n;
	else {
		t->lg = t->taille - 1;
		texte_couper(t);
	}
}

void texte_ajouter(struct texte *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	texte_ajouter_v(t, fmt, ap);
	va_end(ap);
}

bool contient_nombre(const char *texte, long n)
{
	char nombre[32];
	size_t lg = (size_t)snprintf(nombre, sizeof nombre, "%ld", n);

	for (const char *t = strstr(texte, nombre); t != NULL; t = strstr(t + 1, nombre)) {
		bool avant = t > texte && (isdigit((unsigned char)t[-1]) || t[-1] == '-');

		if (!avant && !isdigit((unsigned char)t[lg]))
			return true;
	}
	return false;
}
