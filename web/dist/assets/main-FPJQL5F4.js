import{j as a,k as b,l as c,m as d}from"./chunk-N5HHLQHN.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as app,d as focusMain,c as navigate,b as refreshMe};
